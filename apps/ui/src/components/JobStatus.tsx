// One job as it runs: a progress bar (the server's step and percent when it reports them),
// then done, or failed with the error's code, description and details.
import { Alert, Progress, Space, Tag, Typography } from 'antd';
import type { Job } from '../api/jobs';

export function JobStateTag({ job }: { job: Job }) {
  const color = job.state === 'done' ? 'success' : job.state === 'failed' ? 'error' : 'processing';
  return <Tag color={color}>{job.state}</Tag>;
}

export function JobStatus({ job }: { job: Job }) {
  if (job.state === 'failed' && job.error) {
    return (
      <Alert
        data-testid="job-error"
        type="error"
        showIcon
        title={`${job.api} failed: ${job.error.code}`}
        description={
          <Space orientation="vertical" size={2}>
            <Typography.Text>{job.error.description}</Typography.Text>
            {job.error.details && <Typography.Text type="secondary">{job.error.details}</Typography.Text>}
          </Space>
        }
      />
    );
  }
  if (job.state === 'done') return <Alert data-testid="job-done" type="success" showIcon title={`${job.api} done`} />;
  const percent = job.progress?.percent ?? null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="job-running">
      <Typography.Text>
        {job.api} running{job.progress?.step ? `: ${job.progress.step}` : ''}
      </Typography.Text>
      <Progress percent={percent ?? 99} status="active" showInfo={percent !== null} />
    </Space>
  );
}
