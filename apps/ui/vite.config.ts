// Builds the admin console to dist/ui, which the management node serves at `/`
// (apps/management/src/ui/ui-static.ts). `#contract` is read from its TypeScript sources,
// so the console's tables and forms follow the contract the server was built from.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '#contract': `${repo}libs/contract/src/index.ts` } },
  build: {
    outDir: `${repo}dist/ui`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  // `npm run dev:ui` proxies the API to a management node on :8080.
  server: { proxy: { '/zstack': 'http://127.0.0.1:8080' } },
});
