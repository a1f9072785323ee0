// A form for any write API of the contract: a field per parameter the operator supplies
// (path variables come from the page), validated inline; submitting runs it as a job
// whose progress, and error if it fails, the dialog shows live.
import type { ApiSpec } from '#contract';
import { Button, Collapse, Form, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Values } from '../api/client';
import { label } from '../api/families';
import { startJob, type Job } from '../api/jobs';
import { JobStatus } from './JobStatus';
import { ParamField } from './ParamField';
import { useJobs } from './useJobs';

interface Props {
  api: ApiSpec;
  /** Values the page already knows (the resource's uuid): not asked for. */
  fixed?: Values;
  /** Current values, for updates. */
  initial?: Values;
  target: string;
  /** With the job the dialog ran, if any. */
  onClose: (job?: Job) => void;
  onDone: (job: Job) => void;
}

const ADVANCED = new Set(['resourceUuid', 'systemTags', 'userTags']);

function withParsedMaps(api: ApiSpec, values: Values): Values {
  const out = { ...values };
  for (const p of api.params) if (p.type === 'Map' && typeof out[p.name] === 'string') out[p.name] = out[p.name] ? JSON.parse(out[p.name] as string) : undefined;
  return out;
}

export function ApiFormModal({ api, fixed = {}, initial, target, onClose, onDone }: Props) {
  const [form] = Form.useForm();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobs().find((j) => j.id === jobId);
  const asked = api.params.filter((p) => !(p.name in fixed));
  const main = [...asked.filter((p) => p.required), ...asked.filter((p) => !p.required && !ADVANCED.has(p.name))];
  const advanced = asked.filter((p) => !p.required && ADVANCED.has(p.name));

  function submit(values: Values) {
    const { id, finished } = startJob(api, { ...withParsedMaps(api, values), ...fixed }, typeof values.name === 'string' && !fixed.uuid ? values.name : target);
    setJobId(id);
    void finished.then((j) => j.state === 'done' && onDone(j));
  }

  const running = job?.state === 'running';
  return (
    <Modal
      open
      title={label(api.name)}
      onCancel={() => onClose(job)}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={() => onClose(job)}>{job?.state === 'done' ? 'Close' : 'Cancel'}</Button>
          <Button type="primary" loading={running} disabled={job?.state === 'done'} onClick={() => form.submit()} data-testid="form-submit">
            {label(api.name)}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {api.summary} <Typography.Text code>{`${api.method} /zstack${api.path}`}</Typography.Text>
      </Typography.Paragraph>
      {job && (
        <div style={{ marginBottom: 16 }}>
          <JobStatus job={job} />
        </div>
      )}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={running} data-testid={`form-${api.name}`}>
        {main.map((p) => (
          <ParamField key={p.name} param={p} />
        ))}
        {advanced.length > 0 && (
          <Collapse
            ghost
            size="small"
            items={[{ key: 'advanced', label: `Advanced: ${advanced.map((p) => p.name).join(', ')}`, forceRender: true, children: advanced.map((p) => <ParamField key={p.name} param={p} />) }]}
          />
        )}
      </Form>
    </Modal>
  );
}
