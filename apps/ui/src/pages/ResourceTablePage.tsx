// The page of a family: its table and the buttons of its creates (and other writes on many).
import { Button, Card, Result, Space } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { ApiSpec } from '#contract';
import { familyOfSlug, label } from '../api/families';
import { ApiFormModal } from '../components/ApiFormModal';
import { ResourceTable } from '../components/ResourceTable';

export function ResourceTablePage() {
  const family = familyOfSlug(useParams().slug ?? '');
  const [open, setOpen] = useState<ApiSpec | null>(null);
  const [reload, setReload] = useState(0);
  if (!family) return <Result status="404" title="No such resource family" />;
  return (
    <Card
      title={family.title}
      extra={
        <Space>
          {family.tableActions.map((api) => (
            <Button key={api.name} type={/^(Create|Add)/.test(api.name) ? 'primary' : 'default'} onClick={() => setOpen(api)}>
              {label(api.name)}
            </Button>
          ))}
        </Space>
      }
    >
      <ResourceTable key={family.slug} family={family} reload={reload} />
      {open && <ApiFormModal api={open} target={family.title} onClose={() => setOpen(null)} onDone={() => setReload((n) => n + 1)} />}
    </Card>
  );
}
