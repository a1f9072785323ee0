// X-Web-Hook: where a job's result is POSTed. Checked when the call is made, so a bad
// hook is a 400 now rather than a callback that can never be delivered.
import type { IncomingMessage } from 'node:http';
import { ApiError } from '#contract';
import { privilegedTargetReason } from '../webhook/webhook-target.js';

/** Link-local and metadata targets are refused unless listed in `allowedHosts` or
 *  `allowPrivileged` (ZSTACK_WEBHOOK_ALLOW_LINK_LOCAL) is set. */
export function webhookUrlOf(req: IncomingMessage, allowedHosts: readonly string[], allowPrivileged = false): string | null {
  const raw = req.headers['x-web-hook'];
  if (raw === undefined || raw === '') return null;
  if (Array.isArray(raw)) throw ApiError.invalidArgument('header X-Web-Hook must be given once');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ApiError.invalidArgument('header X-Web-Hook is not a URL');
  }
  if (url.username || url.password) throw ApiError.invalidArgument('header X-Web-Hook must not carry credentials (user:password@): authenticate callbacks by their signature (docs/security.md)');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw ApiError.invalidArgument('header X-Web-Hook must be an http or https URL');
  if (raw.length > 2048) throw ApiError.invalidArgument('header X-Web-Hook is longer than 2048 characters');
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (allowedHosts.length && !allowedHosts.includes(host)) {
    throw ApiError.invalidArgument(`header X-Web-Hook names host ${host}, which is not among the allowed webhook hosts (ZSTACK_WEBHOOK_ALLOWED_HOSTS)`);
  }
  const privileged = privilegedTargetReason(host);
  if (privileged && !allowPrivileged && !allowedHosts.includes(host)) {
    throw ApiError.invalidArgument(`header X-Web-Hook names ${host}, ${privileged}, which webhooks may not call unless allowed (ZSTACK_WEBHOOK_ALLOWED_HOSTS or ZSTACK_WEBHOOK_ALLOW_LINK_LOCAL, docs/security.md)`);
  }
  return url.toString();
}
