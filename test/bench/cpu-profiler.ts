// Preloaded into a benchmarked management node (NODE_OPTIONS=--import) when BENCH_CPU_PROF
// names a folder: records a V8 CPU profile of the whole run and writes it there at exit,
// as `node --cpu-prof` would (which NODE_OPTIONS does not allow). Not loaded by the product.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const folder = process.env.BENCH_CPU_PROF;
if (folder) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // Written when the bench stops the node (SIGTERM): the shutdown that follows re-raises
  // the signal, so 'exit' never comes. Once only, or that re-raised signal would be caught.
  // An in-thread session answers synchronously, so the file is complete before it goes on.
  process.once('SIGTERM', () =>
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(folder, `node-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    }),
  );
}
