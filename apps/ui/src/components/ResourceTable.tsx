// A family's table: columns from the query graph's fields, paging (limit/start with
// replyWithCount), sorting (sort=+f/-f) and filtering (q=...) all done by the server.
import { Alert, Result, Space, Table } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiFailure, query, type QueryPage } from '../api/client';
import { tableColumns, type Family } from '../api/families';
import { QueryFilterBox } from './QueryFilterBox';
import { ValueView } from './ValueView';

interface Props {
  family: Family;
  /** Conditions the page imposes (related resources of a detail page). */
  fixed?: string[];
  filter?: boolean;
  /** Changes when the page wants the table read again (after a write). */
  reload?: number;
  pageSize?: number;
  /** Columns to show instead of the family's first fields. */
  columns?: string[];
  /** Initial order, as the API's sort (`-createDate`). */
  defaultSort?: string;
}

export function NotImplemented({ what }: { what: string }) {
  return <Result status="info" title="Not implemented in this release" subTitle={`${what}: the server answers 501 for it.`} data-testid="not-implemented" />;
}

export function ResourceTable({ family, fixed = [], filter = true, reload = 0, pageSize = 20, columns: only, defaultSort }: Props) {
  const [conditions, setConditions] = useState<string[]>([]);
  const [page, setPage] = useState({ current: 1, pageSize });
  const [sort, setSort] = useState<string | undefined>(defaultSort);
  const [data, setData] = useState<QueryPage | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [loading, setLoading] = useState(false);
  const fixedKey = fixed.join(' ');

  useEffect(() => {
    let live = true;
    if (!data) setLoading(true);
    query(family.query, { conditions: [...fixed, ...conditions], limit: page.pageSize, start: (page.current - 1) * page.pageSize, sort })
      .then((d) => live && (setData(d), setFailure(null)))
      .catch((e) => live && setFailure(e instanceof ApiFailure ? e : new ApiFailure(0, { code: 'NETWORK', description: String(e) })))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [family, fixedKey, conditions, page, sort, reload]);

  if (failure?.status === 501) return <NotImplemented what={family.query.name} />;
  const fields = only ? family.resource.fields.filter((f) => only.includes(f.name)) : tableColumns(family.resource);
  const columns = fields.map((f) => ({
    title: f.name,
    dataIndex: f.name,
    key: f.name,
    sorter: true,
    render: (v: unknown, row: any) =>
      f.name === 'name' || (f.name === 'uuid' && !row.name) ? <Link to={`/r/${family.slug}/${row.uuid}`}>{String(v ?? row.uuid)}</Link> : <ValueView field={f.name} value={v} />,
  }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {filter && (
        <QueryFilterBox
          resource={family.resource.name}
          onSearch={(c) => {
            setConditions(c);
            setPage((p) => ({ ...p, current: 1 }));
          }}
        />
      )}
      {failure && <Alert type="error" showIcon title={`${failure.error.code}: ${failure.error.description}`} description={failure.error.details} data-testid="query-error" />}
      <Table
        rowKey="uuid"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.inventories ?? []}
        scroll={{ x: true }}
        pagination={{ ...page, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `${t} in all` }}
        onChange={(p, _f, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<unknown>;
          setSort(s?.order && s.field ? `${s.order === 'ascend' ? '+' : '-'}${String(s.field)}` : undefined);
          setPage({ current: p.current ?? 1, pageSize: p.pageSize ?? pageSize });
        }}
      />
    </Space>
  );
}
