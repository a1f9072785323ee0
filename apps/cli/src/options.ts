// zstack-cli's own options: `-s host:port`, or ZStack's CLI's `-H host -p port`; the
// rest (the command and its --json/--no-wait/-h flags) is left to the command runner.
import { CliUsageError } from './command-line.js';

export const DEFAULT_SERVER = { host: 'localhost', port: '8080' };

export interface CliOptions {
  /** The server chosen on the command line, if one was. */
  server: string | null;
  words: string[];
}

/** The server from `-H host -p port`; a missing one is ZStack's default (localhost, 8080). */
export function serverOf(host: string | null, port: string | null): string {
  if (port !== null && !/^\d{1,5}$/.test(port)) throw new CliUsageError(`-p ${port}: a port is a number`);
  let h = host ?? DEFAULT_SERVER.host;
  // An IPv6 address gets its brackets; `-H 10.0.0.5:8081` alone names the port too.
  if (!h.includes('://') && !h.startsWith('[') && h.split(':').length > 2) h = `[${h}]`;
  else if (port === null && /:\d+$/.test(h)) return h;
  return `${h}:${port ?? DEFAULT_SERVER.port}`;
}

export function parseOptions(argv: string[]): CliOptions {
  let server: string | null = null;
  let host: string | null = null;
  let port: string | null = null;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // Options may come before or after the command: no parameter starts with "-".
    const takesValue = ['-s', '--server', '-H', '--host', '-p', '--port'].includes(a);
    if (takesValue && argv[i + 1] === undefined) throw new CliUsageError(`${a} needs a value`);
    if (a === '-s' || a === '--server') server = argv[++i];
    else if (a === '-H' || a === '--host') host = argv[++i];
    else if (a === '-p' || a === '--port') port = argv[++i];
    else words.push(a);
  }
  if (server !== null && (host !== null || port !== null)) throw new CliUsageError('give either -s host:port or -H host -p port');
  return { server: server ?? (host !== null || port !== null ? serverOf(host, port) : null), words };
}
