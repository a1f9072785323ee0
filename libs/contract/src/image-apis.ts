// Images, the minimum backup storage needs, beyond the hardware volume: ZStack's AddImage,
// QueryImage and DeleteImage with its paths, body keys and fields (header/image/APIAddImageMsg,
// APIQueryImageMsg, APIDeleteImageMsg; sdk AddImageAction...). The inventory is the
// catalogue's ImageInventory, with its backupStorageRefs.
import { APIS } from './apis.generated.js';
import type { ApiSpec, ParamSpec } from './types.js';

const queryZone = APIS.find((a) => a.name === 'QueryZone')!;
const tags: ParamSpec[] = [
  { name: 'systemTags', type: 'List', in: 'body', required: false, description: 'System tags' },
  { name: 'userTags', type: 'List', in: 'body', required: false, description: 'User tags' },
];
const p = (name: string, type: ParamSpec['type'], required: boolean, description: string, values?: string[]): ParamSpec => ({
  name,
  type,
  in: 'body.params',
  required,
  description,
  ...(values ? { values } : {}),
});

export const IMAGE_APIS: readonly ApiSpec[] = [
  {
    name: 'AddImage',
    section: 'images',
    summary: 'Add an image to backup storage from an http(s) URL or a file on the storage host; the job shows the percent of bytes received.',
    method: 'POST',
    path: '/v1/images',
    altPaths: [],
    bodyKey: 'params',
    async: true,
    params: [
      p('name', 'String', true, 'Image name'),
      p('description', 'String', false, 'Image description'),
      p('url', 'String', true, 'http://, https://, file:///path or an absolute path on the backup storage host'),
      p('mediaType', 'String', false, 'RootVolumeTemplate (default), ISO or DataVolumeTemplate', ['RootVolumeTemplate', 'ISO', 'DataVolumeTemplate']),
      p('guestOsType', 'String', false, 'Guest OS type'),
      p('architecture', 'String', false, 'CPU architecture', ['x86_64', 'aarch64', 'mips64el', 'loongarch64']),
      p('system', 'Boolean', false, 'A system image (virtual routers...)'),
      p('format', 'String', false, 'qcow2, raw or iso'),
      p('platform', 'String', false, 'Guest platform', ['Linux', 'Windows', 'Other', 'Paravirtualization', 'WindowsVirtio']),
      p('backupStorageUuids', 'List', true, 'The backup storage to import into (one; ZStack takes the first that succeeds)'),
      p('type', 'String', false, 'Image type (zstack)'),
      p('resourceUuid', 'String', false, 'The uuid the new image gets'),
      ...tags,
    ],
    reply: { kind: 'inventory', key: 'inventory', type: 'ImageInventory' },
  },
  {
    name: 'QueryImage',
    section: 'images',
    summary: 'Query images, with their backup storage refs.',
    method: 'GET',
    path: '/v1/images',
    altPaths: ['/v1/images/{uuid}'],
    bodyKey: null,
    async: false,
    params: queryZone.params,
    reply: { kind: 'inventories', key: 'inventories', type: 'ImageInventory' },
    queryResource: 'Image',
  },
  {
    name: 'DeleteImage',
    section: 'images',
    summary: 'Delete an image from its backup storage (its content is freed by ReclaimSpaceFromImageStore once no image uses it).',
    method: 'DELETE',
    path: '/v1/images/{uuid}',
    altPaths: [],
    bodyKey: null,
    async: true,
    params: [
      { name: 'uuid', type: 'String', in: 'url', required: true, description: 'Image uuid' },
      { name: 'deleteMode', type: 'String', in: 'query', required: false, values: ['Permissive', 'Enforcing'], description: 'Delete mode' },
      ...tags,
    ],
    reply: { kind: 'empty' },
  },
];
