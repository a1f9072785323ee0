// The header's view of the jobs: how many run now, and the latest few with their state.
import { Badge, Button, List, Popover } from 'antd';
import { Link } from 'react-router';
import { JobStateTag } from './JobStatus';
import { useJobs } from './useJobs';

export function JobDock() {
  const jobs = useJobs();
  const running = jobs.filter((j) => j.state === 'running').length;
  const latest = (
    <List
      size="small"
      style={{ width: 360 }}
      dataSource={jobs.slice(0, 6)}
      locale={{ emptyText: 'No jobs yet' }}
      renderItem={(j) => (
        <List.Item extra={<JobStateTag job={j} />}>
          {j.api} {j.target}
        </List.Item>
      )}
      footer={<Link to="/jobs">All jobs of this session</Link>}
    />
  );
  return (
    <Popover content={latest} title="Jobs" placement="bottomRight">
      <Badge count={running} size="small">
        <Button data-testid="job-dock">Jobs</Button>
      </Badge>
    </Popover>
  );
}
