// Where a webhook may not call by default: link-local addresses (169.254.0.0/16,
// fe80::/10) and the cloud metadata services, which hand out instance credentials to
// whoever asks from inside the cloud. Checked on the URL when the call is made and on
// the resolved addresses when the callback is sent. docs/security.md says how to allow them.
import { isIP } from 'node:net';

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'metadata.azure.internal', 'instance-data', 'instance-data.ec2.internal']);
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254', 'fd00:ec2::23']);

function ipv4Of(address: string): string | null {
  if (isIP(address) === 4) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : null;
}

/** Why a host (name or address, without brackets) is refused as a webhook target; null if it is not. */
export function privilegedTargetReason(host: string): string | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(h)) return 'a cloud metadata service';
  const v4 = ipv4Of(h);
  if (v4 && METADATA_ADDRESSES.has(v4)) return 'a cloud metadata address';
  if (v4 && v4.startsWith('169.254.')) return 'a link-local address (169.254.0.0/16)';
  if (isIP(h) === 6) {
    if (METADATA_ADDRESSES.has(h)) return 'a cloud metadata address';
    if (/^fe[89ab][0-9a-f]?:/i.test(h)) return 'a link-local address (fe80::/10)';
  }
  return null;
}

/** A URL as it may be logged: any `user:password@` replaced. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/g, '//*****@');
}
