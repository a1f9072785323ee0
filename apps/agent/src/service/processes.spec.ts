import { describe, expect, it } from 'vitest';
import { parseProcStat } from './processes.js';

describe('/proc/<pid>/stat', () => {
  it('reads state, parent and process group from a line recorded on Linux 6.18', () => {
    const recorded = '24158 (cat) R 24002 24002 8439 0 -1 4194304 98 0 0 0 0 0 0 0 20 0 1 0 116907 3133440 357';
    expect(parseProcStat(recorded)).toEqual({ pid: 24158, state: 'R', ppid: 24002, pgid: 24002 });
  });

  it('reads past a command name that holds spaces and parentheses', () => {
    // written for this test: a zombie whose comm is "a) (b"
    expect(parseProcStat('77 (a) (b) Z 1 70 70 0 -1')).toEqual({ pid: 77, state: 'Z', ppid: 1, pgid: 70 });
  });
});
