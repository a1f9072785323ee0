// Jobs: those this browser session started, live, and, when the server has QueryLongJob,
// every recent job of every client as the server lists them.
import { Card, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { familyOfResource } from '../api/families';
import type { Job } from '../api/jobs';
import { JobStateTag, JobStatus } from '../components/JobStatus';
import { ResourceTable } from '../components/ResourceTable';
import { useJobs } from '../components/useJobs';

const time = (ms?: number) => (ms ? new Date(ms).toLocaleTimeString() : '');
const SERVER_COLUMNS = ['name', 'uuid', 'state', 'progress', 'progressStep', 'errorCode', 'targetResourceUuid', 'createDate', 'executeTime'];
const REFRESH_MS = 3000;

/** The server's uuid of a job: the last part of its location. */
const serverUuid = (j: Job) => j.location?.split('/').pop();

function ServerJobs() {
  const longJobs = familyOfResource('LongJob');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  if (!longJobs) return null;
  return (
    <Card title="Recent jobs on the server (QueryLongJob)" data-testid="server-jobs">
      <ResourceTable family={longJobs} columns={SERVER_COLUMNS} defaultSort="-createDate" reload={tick} pageSize={10} />
    </Card>
  );
}

export function JobsPage() {
  const jobs = useJobs();
  const longJobs = familyOfResource('LongJob');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="Jobs of this session" data-testid="session-jobs">
        <Typography.Paragraph type="secondary">Every write of this browser session, as it runs and how it ended.</Typography.Paragraph>
        <Table<Job>
          rowKey="id"
          dataSource={jobs}
          pagination={{ pageSize: 10 }}
          expandable={{ expandedRowRender: (j) => <JobStatus job={j} />, rowExpandable: (j) => j.state !== 'running' }}
          columns={[
            { title: 'API', render: (_, j) => (longJobs && serverUuid(j) ? <Link to={`/r/${longJobs.slug}/${serverUuid(j)}`}>{j.api}</Link> : j.api) },
            { title: 'Target', dataIndex: 'target' },
            { title: 'State', render: (_, j) => <JobStateTag job={j} /> },
            { title: 'Error', render: (_, j) => (j.error ? `${j.error.code}: ${j.error.description}` : (j.progress?.step ?? '')) },
            { title: 'Started', render: (_, j) => time(j.startedAt) },
            { title: 'Ended', render: (_, j) => time(j.endedAt) },
          ]}
        />
      </Card>
      <ServerJobs />
    </Space>
  );
}
