// The ImageStore backup storage through the agent of its host: a content-addressed store in a
// directory. Layout under `storePath`: `blobs/<sha256>` (each content once), `images/<imageUuid>.json`
// (manifests naming a blob), `exports/<imageUuid>.json` (live download URLs), `tmp/` (imports in
// flight). Imports and migrations are long: they answer `AcceptedReply` at once, post
// `ImageStoreProgress` to `progressUrl` as bytes arrive and an `ImageStoreCallback` to
// `callbackUrl` when they end (same bearer secret as every callback).
import type { AgentReply } from './index.js';

export const ImageStoreAgentPath = {
  connect: '/image-store/connect',
  import: '/image-store/import',
  migrate: '/image-store/migrate',
  images: '/image-store/images',
  delete: '/image-store/delete',
  export: '/image-store/export',
  deleteExport: '/image-store/export/delete',
  reclaim: '/image-store/reclaim',
  /** `GET <download>/<imageUuid>?store=…&expires=…&token=…`: no bearer secret, the token is
   *  the authority, so the URL can be handed to anyone until it expires. */
  download: '/image-store/download',
} as const;

export interface ImageStoreCommand {
  /** Absolute directory of the store on the agent's host. */
  storePath: string;
}

/** What the store keeps about one image. */
export interface ImageManifest {
  imageUuid: string;
  sha256: string;
  md5: string;
  /** Real size in bytes, as received. */
  size: number;
  /** Where it came from (an http(s) URL, or file:// for a file on the host). */
  sourceUrl: string;
  createdAt: string;
}

export interface ImageStoreCapacity {
  /** Of the file system that holds the store. */
  totalBytes: number;
  availableBytes: number;
}

export interface ImageStoreConnectReply extends AgentReply {
  capacity: ImageStoreCapacity;
}

export interface ImageImportCommand extends ImageStoreCommand {
  taskUuid: string;
  callbackUrl: string;
  /** Where progress goes; none is posted without it. */
  progressUrl?: string;
  imageUuid: string;
  /** http(s)://…, file:///path or an absolute path on the host. */
  url: string;
  /** Checked when given (hex, case-insensitive); a mismatch keeps nothing. */
  expectedSha256?: string;
  expectedMd5?: string;
}

/** A migration is an import from the source store's export URL whose sha256 must match. */
export type ImageMigrateCommand = ImageImportCommand & { expectedSha256: string };

export interface ImageStoreProgress {
  hostUuid: string;
  taskUuid: string;
  /** Whole percent of bytes; null while the size is unknown (no Content-Length). */
  percent: number | null;
  bytes: number;
  totalBytes: number | null;
}

export interface ImageStoreCallback extends AgentReply {
  hostUuid: string;
  taskUuid: string;
  /** The stored image; null when the import failed (and then nothing of it was kept). */
  image: ImageManifest | null;
}

export interface ImageListReply extends AgentReply {
  images: ImageManifest[];
}

export interface ImageDeleteCommand extends ImageStoreCommand {
  imageUuid: string;
}

export interface ImageDeleteReply extends AgentReply {
  /** False when the store had no such image. The blob stays until reclaim. */
  deleted: boolean;
}

export interface ImageExportCommand extends ImageStoreCommand {
  imageUuid: string;
  /** Default 24 h. */
  expiresInSeconds?: number;
}

export interface ImageExportReply extends AgentReply {
  url: string;
  /** ISO time after which the URL answers 403. */
  expiresAt: string;
}

export interface ImageReclaimReply extends AgentReply {
  /** sha256 of each blob removed: those no manifest references. */
  removedBlobs: string[];
  /** Names in tmp/ that an interrupted import (an agent killed mid-transfer) left behind. */
  removedPartialFiles: string[];
  /** The bytes of both. */
  reclaimedBytes: number;
}
