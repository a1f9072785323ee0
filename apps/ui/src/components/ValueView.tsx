// An inventory value as an operator reads it: uuids of other resources link to their page,
// capacities in bytes are shown in GiB, states and statuses as coloured tags.
import { Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { familyOfUuidField } from '../api/families';

const GOOD = new Set(['Enabled', 'Connected', 'Ready', 'Running', 'Active']);
const BAD = new Set(['Disabled', 'Disconnected', 'Error', 'Failed', 'Stopped']);

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) (n /= 1024), i++;
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function ValueView({ field, value, uuid }: { field: string; value: unknown; uuid?: string }) {
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (field === 'uuid' && uuid) return <Typography.Text copyable code>{String(value)}</Typography.Text>;
  const family = familyOfUuidField(field);
  if (family && typeof value === 'string') return <Link to={`/r/${family.slug}/${value}`}>{value}</Link>;
  if ((field === 'state' || field === 'status') && typeof value === 'string')
    return <Tag color={GOOD.has(value) ? 'green' : BAD.has(value) ? 'red' : 'blue'}>{value}</Tag>;
  if (typeof value === 'number' && /(Memory|Capacity|Size)$/.test(field) && !/Cpu/.test(field)) return <span title={String(value)}>{bytes(value)}</span>;
  if (typeof value === 'object') return <Typography.Text code>{JSON.stringify(value)}</Typography.Text>;
  return <span>{String(value)}</span>;
}
