import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // SWC, not esbuild: NestJS's dependency injection needs decorator metadata.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  // `#contract`, `#bus`, `#agent-protocol` from their TypeScript sources, not dist/ (tests
  // run in vitest's server-side environment, which takes its conditions from `ssr`).
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
