// The dashboard: counts by state and status, the capacity of hosts and storage, and the
// hosts that are disconnected now.
import { Alert, Card, Col, Row, Space, Spin, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { countBy, readDashboard, sum, type FamilyRows } from '../api/dashboard';
import { CapacityChart } from '../components/CapacityChart';
import { StatusCounts } from '../components/StatusCounts';
import { bytes } from '../components/ValueView';

const rowsOf = (all: FamilyRows[], resource: string) => {
  const found = all.find((f) => f.family.resource.name === resource);
  return found && found.rows !== 'not-implemented' ? found.rows : null;
};

const count = (n: number) => n.toLocaleString();

export function DashboardPage() {
  const [data, setData] = useState<FamilyRows[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    readDashboard().then(setData, (e) => setError(String(e)));
  }, []);
  if (error) return <Alert type="error" title={error} />;
  if (!data) return <Spin />;
  const hosts = rowsOf(data, 'Host') ?? [];
  const storage = [...(rowsOf(data, 'PrimaryStorage') ?? []), ...(rowsOf(data, 'BackupStorage') ?? [])];
  const disconnected = hosts.filter((h) => h.status && h.status !== 'Connected');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="dashboard">
      <Row gutter={[16, 16]}>
        {data.map((f) => (
          <Col key={f.family.slug} xs={24} sm={12} lg={8} xl={4}>
            <StatusCounts family={f.family} counts={f.rows === 'not-implemented' ? 'not-implemented' : { total: f.total, by: countBy(f.rows) }} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <CapacityChart title="Host CPU" total={sum(hosts, 'totalCpuCapacity')} available={sum(hosts, 'availableCpuCapacity')} format={count} />
        </Col>
        <Col xs={24} md={8}>
          <CapacityChart title="Host memory" total={sum(hosts, 'totalMemoryCapacity')} available={sum(hosts, 'availableMemoryCapacity')} format={bytes} />
        </Col>
        <Col xs={24} md={8}>
          <CapacityChart title="Storage" total={sum(storage, 'totalCapacity')} available={sum(storage, 'availableCapacity')} format={bytes} />
        </Col>
      </Row>
      <Card title={`Hosts not connected now (${disconnected.length})`} size="small">
        <Table
          rowKey="uuid"
          size="small"
          pagination={false}
          dataSource={disconnected}
          locale={{ emptyText: 'Every host is connected' }}
          columns={[
            { title: 'name', render: (_, h) => <Link to={`/r/host/${h.uuid}`}>{h.name}</Link> },
            { title: 'managementIp', dataIndex: 'managementIp' },
            { title: 'status', dataIndex: 'status' },
            { title: 'state', dataIndex: 'state' },
          ]}
        />
      </Card>
    </Space>
  );
}
