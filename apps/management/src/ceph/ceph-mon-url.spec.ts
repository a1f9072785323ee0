import { describe, expect, it } from 'vitest';
import { parseMonUrl, parseMonUrls } from './ceph-mon-url.js';

describe('Ceph mon urls', () => {
  it('reads user, password, host and the ports, with ZStack defaults', () => {
    expect(parseMonUrl('root:pass@10.0.0.5')).toEqual({ username: 'root', password: 'pass', hostname: '10.0.0.5', sshPort: 22, monPort: 6789 });
    expect(parseMonUrl('root:p@ss:w@mon1.example:2222/?monPort=16789')).toEqual({ username: 'root', password: 'p@ss:w', hostname: 'mon1.example', sshPort: 2222, monPort: 16789 });
  });

  it('refuses a malformed url without echoing its password', () => {
    expect(() => parseMonUrl('root:secret@bad host')).toThrow(/monUrls\[0\] names no host \("bad host"\)/);
    expect(() => parseMonUrls(['a:b@h1', 'root:secret'])).toThrow(/monUrls\[1\] has no user:password@/);
    for (const url of ['root:secret', 'root:secret@bad host', `root:secret@${'x'.repeat(300)}`]) {
      try {
        parseMonUrl(url);
        expect.unreachable();
      } catch (err) {
        expect(JSON.stringify(err) + String(err)).not.toContain('secret');
        expect((err as Error).message.length).toBeLessThan(250);
      }
    }
    expect(() => parseMonUrl('root:secret@h:99999')).toThrow(/sshPort 99999/);
    expect(() => parseMonUrl('nobody')).toThrow(/has no user:password@/);
    try {
      parseMonUrl('root:secret@h:0');
    } catch (err) {
      expect(String((err as Error).message) + JSON.stringify(err)).not.toContain('secret');
    }
  });

  it('takes each host once', () => {
    expect(() => parseMonUrls(['a:b@h', 'c:d@h:23'])).toThrow(/names host h twice/);
    expect(() => parseMonUrls([])).toThrow(/at least one mon/);
  });
});
