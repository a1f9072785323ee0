// Prints the top self-time entries of a V8 CPU profile (node --cpu-prof): function, file
// and share of the samples. `node dist/test/bench/profile-top.js <file.cpuprofile> [n] [last]`:
// with `last`, only the samples of the profile's last `last` seconds (the measurement, not
// the node's start-up, which the whole profile includes).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const [file, n = '25', last] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
if (last) {
  // Sample times are the start time plus the running sum of the deltas (microseconds).
  let at = profile.startTime;
  const from = profile.endTime - Number(last) * 1e6;
  profile.samples = profile.samples.filter((_, i) => (at += profile.timeDeltas[i]) >= from);
}
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
for (const id of profile.samples) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '');
  const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
}
