// One resource: its inventory, the resources joined to it, and its writes (update, state
// change, delete and the family's other actions) as forms.
import { INVENTORIES, type ApiSpec } from '#contract';
import { Button, Card, Descriptions, Result, Space, Spin, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiFailure, query } from '../api/client';
import { familyOfSlug, label, targetParam } from '../api/families';
import { relatedOf } from '../api/related';
import { ApiFormModal } from '../components/ApiFormModal';
import { NotImplemented, ResourceTable } from '../components/ResourceTable';
import { ValueView } from '../components/ValueView';

export function ResourceDetailPage() {
  const { slug = '', uuid = '' } = useParams();
  const family = familyOfSlug(slug);
  const navigate = useNavigate();
  const [inventory, setInventory] = useState<Record<string, unknown> | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [open, setOpen] = useState<ApiSpec | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!family) return;
    query(family.query, { conditions: [`uuid=${uuid}`], limit: 1 })
      .then((page) => (setInventory(page.inventories[0] ?? {}), setFailure(null)))
      .catch((e) => setFailure(e instanceof ApiFailure ? e : null));
  }, [family, uuid, reload]);

  if (!family) return <Result status="404" title="No such resource family" />;
  if (failure?.status === 501) return <NotImplemented what={family.query.name} />;
  if (failure) return <Result status="error" title={failure.error.code} subTitle={failure.error.description} />;
  if (!inventory) return <Spin />;
  if (!inventory.uuid) return <Result status="404" title={`No ${family.resource.name} ${uuid}`} data-testid="not-found" />;

  const fields = INVENTORIES[family.resource.inventory]?.fields ?? [];
  const name = String(inventory.name ?? inventory.uuid);
  const related = relatedOf(family.resource, inventory);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={`${family.resource.name} ${name}`}
        extra={
          <Space wrap>
            {family.resourceActions.map((api) => (
              <Button key={api.name} danger={api.method === 'DELETE'} onClick={() => setOpen(api)}>
                {label(api.name)}
              </Button>
            ))}
          </Space>
        }
      >
        <Descriptions bordered size="small" column={2} data-testid="inventory">
          {fields.map((f) => (
            <Descriptions.Item key={f.name} label={f.name}>
              <ValueView field={f.name} value={inventory[f.name]} uuid={String(inventory.uuid)} />
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      {related.length > 0 && (
        <Card title="Related">
          <Tabs
            items={related.map((r) => ({
              key: r.join.name,
              label: `${r.join.name} (${r.family.title})`,
              children: <ResourceTable family={r.family} fixed={r.conditions} filter={false} pageSize={10} reload={reload} />,
            }))}
          />
        </Card>
      )}
      {open && (
        <ApiFormModal
          api={open}
          target={name}
          fixed={{ [targetParam(open, family.resource)!]: inventory.uuid }}
          initial={open.name.startsWith('Update') ? Object.fromEntries(open.params.map((p) => [p.name, inventory[p.name] ?? undefined])) : undefined}
          onClose={(job) => (open.method === 'DELETE' && job?.state === 'done' ? navigate(`/r/${family.slug}`) : setOpen(null))}
          onDone={() => open.method !== 'DELETE' && setReload((n) => n + 1)}
        />
      )}
    </Space>
  );
}
