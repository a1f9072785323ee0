// How many resources of a family are in each state and status, as stacked bars.
import { Card, Progress, Space, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import type { Family } from '../api/families';

export interface Counts {
  total: number;
  /** `state` -> {Enabled: 3, Disabled: 1}, `status` -> {Connected: 2...} */
  by: Record<string, Record<string, number>>;
}

const COLORS: Record<string, string> = { Enabled: '#389e0d', Connected: '#389e0d', Ready: '#389e0d', Disabled: '#8c8c8c', Disconnected: '#cf1322', Connecting: '#d48806' };

export function StatusCounts({ family, counts }: { family: Family; counts: Counts | 'not-implemented' }) {
  return (
    <Card size="small" title={<Link to={`/r/${family.slug}`}>{family.title}</Link>} data-testid={`counts-${family.resource.name}`}>
      {counts === 'not-implemented' ? (
        <Typography.Text type="secondary">not implemented in this release</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Statistic value={counts.total} />
          {Object.entries(counts.by).map(([field, values]) =>
            Object.entries(values).map(([value, n]) => (
              <div key={`${field}-${value}`}>
                <Typography.Text>
                  {value}: {n}
                </Typography.Text>
                <Progress percent={counts.total ? (n / counts.total) * 100 : 0} showInfo={false} strokeColor={COLORS[value] ?? '#1668dc'} size="small" />
              </div>
            )),
          )}
        </Space>
      )}
    </Card>
  );
}
