// The /image-store/* paths: stores are folders on this host, named by `storePath` in each body.
import {
  ImageStoreAgentPath,
  type AcceptedReply,
  type ImageDeleteReply,
  type ImageExportReply,
  type ImageListReply,
  type ImageReclaimReply,
  type ImageStoreConnectReply,
} from '#agent-protocol';
import type { ImageStoreDriver } from '../drivers/image-store/image-store-driver.js';
import type { RouteHandler } from './agent-routes.js';
import { expiresInSecondsOf, imageUuidOf, importCommandOf, storePathOf } from './image-store-requests.js';
import type { ImageStoreTasks } from './image-store-tasks.js';

export interface ImageStoreRouteContext {
  driver: ImageStoreDriver;
  tasks: ImageStoreTasks;
  /** `http://<listen address>:<port>`: where others reach this agent's downloads. */
  downloadBaseUrl: string;
}

const ok = { success: true, error: null } as const;

export function imageStoreRoutes(context: ImageStoreRouteContext | undefined): [string, RouteHandler][] {
  if (!context) return [];
  const { driver, tasks } = context;
  const accept = (sha256Required: boolean): RouteHandler => async (body): Promise<AcceptedReply> => {
    tasks.start(importCommandOf(body, sha256Required));
    return { ...ok, accepted: true };
  };
  return [
    [ImageStoreAgentPath.connect, async (body): Promise<ImageStoreConnectReply> => ({ ...ok, capacity: await driver.connect(storePathOf(body)) })],
    [ImageStoreAgentPath.import, accept(false)],
    // A migration is an import from the source store's export URL that must match its sha256.
    [ImageStoreAgentPath.migrate, accept(true)],
    [ImageStoreAgentPath.images, async (body): Promise<ImageListReply> => ({ ...ok, images: await driver.images(storePathOf(body)) })],
    [ImageStoreAgentPath.delete, async (body): Promise<ImageDeleteReply> => ({ ...ok, deleted: await driver.deleteImage(storePathOf(body), imageUuidOf(body)) })],
    [
      ImageStoreAgentPath.export,
      async (body): Promise<ImageExportReply> => {
        const storePath = storePathOf(body);
        const imageUuid = imageUuidOf(body);
        const exported = await driver.exportImage(storePath, imageUuid, expiresInSecondsOf(body));
        const query = new URLSearchParams({ store: storePath, expires: String(exported.expiresAtMs), token: exported.token });
        const url = `${context.downloadBaseUrl}${ImageStoreAgentPath.download}/${encodeURIComponent(imageUuid)}?${query.toString()}`;
        return { ...ok, url, expiresAt: new Date(exported.expiresAtMs).toISOString() };
      },
    ],
    [ImageStoreAgentPath.deleteExport, async (body): Promise<ImageDeleteReply> => ({ ...ok, deleted: await driver.deleteExport(storePathOf(body), imageUuidOf(body)) })],
    [ImageStoreAgentPath.reclaim, async (body): Promise<ImageReclaimReply> => ({ ...ok, ...(await driver.reclaim(storePathOf(body))) })],
  ];
}
