// A host key for the throwaway ssh2 servers of the tests. ssh2 1.17's ed25519 key generation
// drops leading zero bytes of the public key, so about 1 key in 256 cannot be read back
// ("Malformed OpenSSH private key": mscdex/ssh2#1390, #1513); such a key is drawn again.
import { utils } from 'ssh2';

export function testHostKey(): string {
  for (;;) {
    const key = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(key.private) instanceof Error) && !(utils.parseKey(key.public) instanceof Error)) return key.private;
  }
}
