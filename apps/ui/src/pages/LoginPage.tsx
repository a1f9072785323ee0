// Log in as ZStack clients do: PUT /v1/accounts/login with the sha512 hex of the password.
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { call, failureOf, type ZStackError } from '../api/client';
import { sessionEndedByServer, setSession, sha512Hex } from '../api/session';

interface Credentials {
  accountName: string;
  password: string;
}

export function LoginPage() {
  const [error, setError] = useState<ZStackError | null>(null);
  const [busy, setBusy] = useState(false);
  const [expired] = useState(sessionEndedByServer);

  async function logIn({ accountName, password }: Credentials) {
    setBusy(true);
    setError(null);
    try {
      const answer = await call('PUT', '/v1/accounts/login', { logInByAccount: { accountName, password: await sha512Hex(password) } });
      if (answer.status === 200) setSession({ uuid: answer.body.inventory.uuid, accountName });
      else setError(failureOf(answer).error);
    } catch (err) {
      setError({ code: 'NETWORK', description: String(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3}>ZStack console</Typography.Title>
        {expired && <Alert type="info" showIcon title="Your session has expired; log in again." data-testid="session-expired" style={{ marginBottom: 16 }} />}
        {error && <Alert data-testid="login-error" type="error" showIcon title={`${error.code}: ${error.description}`} style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={logIn} initialValues={{ accountName: 'admin' }}>
          <Form.Item name="accountName" label="Account" rules={[{ required: true, message: 'the account name is required' }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label="Password" rules={[{ required: true, message: 'the password is required' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            Log in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
