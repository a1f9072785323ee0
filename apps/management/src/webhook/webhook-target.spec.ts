import { expect, it } from 'vitest';
import { privilegedTargetReason, redactUrlCredentials } from './webhook-target.js';

it('refuses link-local and cloud metadata targets, and only those', () => {
  for (const host of ['169.254.169.254', '169.254.1.1', '::ffff:169.254.169.254', 'fe80::1', 'febf::1', 'fd00:ec2::254', 'metadata.google.internal', 'METADATA.google.internal.', '100.100.100.200']) {
    expect(privilegedTargetReason(host), host).not.toBeNull();
  }
  for (const host of ['127.0.0.1', '10.0.0.1', '192.168.1.1', '::1', 'fd00::1', 'hooks.example.com', '169.255.0.1', 'fec0::1']) {
    expect(privilegedTargetReason(host), host).toBeNull();
  }
});

it('redacts credentials in a URL wherever it appears in a message', () => {
  expect(redactUrlCredentials('fetch failed for http://bob:s3cret@hooks.example.com/x')).toBe('fetch failed for http://*****@hooks.example.com/x');
  expect(redactUrlCredentials('http://hooks.example.com/a@b')).toBe('http://hooks.example.com/a@b');
});
