// The frame of every page: the families the contract has in the side menu, the running
// jobs and the logout in the header.
import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { call } from '../api/client';
import { FAMILIES } from '../api/families';
import { setSession, type Session } from '../api/session';
import { JobDock } from './JobDock';

export function AppLayout({ session, children }: { session: Session; children: ReactNode }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected = pathname.startsWith('/r/') ? `/r/${pathname.split('/')[2]}` : pathname;
  const items = [
    { key: '/', label: 'Dashboard' },
    { type: 'group' as const, label: 'Resources', children: FAMILIES.map((f) => ({ key: `/r/${f.slug}`, label: f.title })) },
    { key: '/jobs', label: 'Jobs' },
  ];

  async function logOut() {
    await call('DELETE', `/v1/accounts/sessions/${session.uuid}`).catch(() => undefined);
    setSession(null);
    navigate('/');
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={260} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <Typography.Title level={4} style={{ padding: '16px 24px', margin: 0 }}>
          ZStack
        </Typography.Title>
        <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={({ key }) => navigate(key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <Space size="large">
            <JobDock />
            <Typography.Text>{session.accountName}</Typography.Text>
            <Button onClick={logOut}>Log out</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
