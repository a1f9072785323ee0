// The jobs this browser session started, newest first, live.
import { Card, Table, Typography } from 'antd';
import type { Job } from '../api/jobs';
import { JobStateTag, JobStatus } from '../components/JobStatus';
import { useJobs } from '../components/useJobs';

const time = (ms?: number) => (ms ? new Date(ms).toLocaleTimeString() : '');

export function JobsPage() {
  const jobs = useJobs();
  return (
    <Card title="Jobs of this session">
      <Typography.Paragraph type="secondary">Every write of this browser session, as it runs and how it ended.</Typography.Paragraph>
      <Table<Job>
        rowKey="id"
        dataSource={jobs}
        pagination={{ pageSize: 20 }}
        expandable={{ expandedRowRender: (j) => <JobStatus job={j} />, rowExpandable: (j) => j.state !== 'running' }}
        columns={[
          { title: 'API', dataIndex: 'api' },
          { title: 'Target', dataIndex: 'target' },
          { title: 'State', render: (_, j) => <JobStateTag job={j} /> },
          { title: 'Error', render: (_, j) => (j.error ? `${j.error.code}: ${j.error.description}` : j.progress?.step ?? '') },
          { title: 'Started', render: (_, j) => time(j.startedAt) },
          { title: 'Ended', render: (_, j) => time(j.endedAt) },
        ]}
      />
    </Card>
  );
}
