// A capacity as a gauge: the share used, with used and total under it.
import { Card, Progress, Typography } from 'antd';

interface Props {
  title: string;
  total: number;
  available: number;
  format: (n: number) => string;
}

export function CapacityChart({ title, total, available, format }: Props) {
  const used = Math.max(0, total - available);
  const percent = total > 0 ? Math.round((used / total) * 1000) / 10 : 0;
  const color = percent > 85 ? '#cf1322' : percent > 65 ? '#d48806' : '#1668dc';
  return (
    <Card size="small" title={title} style={{ textAlign: 'center' }} data-testid={`capacity-${title}`}>
      <Progress type="dashboard" percent={percent} strokeColor={color} size={140} />
      <Typography.Paragraph style={{ margin: 0 }}>
        {total > 0 ? `${format(used)} used of ${format(total)}` : 'nothing reported yet'}
      </Typography.Paragraph>
    </Card>
  );
}
