/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies both services of the locally started platform (./run-local.sh):
// /api/** → command service (CREDITCAST_API), /query/api/** → query service with /query stripped
// (CREDITCAST_QUERY_API). Both serve /api/v1 and some paths exist on both, hence the prefix.
const apiTarget = process.env.CREDITCAST_API ?? 'http://127.0.0.1:8080';
const queryTarget = process.env.CREDITCAST_QUERY_API ?? 'http://127.0.0.1:8081';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      // ws: the chat room's WebSocket (/api/v1/streams/{id}/chat/ws)
      '/api': { target: apiTarget, changeOrigin: true, ws: true },
      '/query/api': {
        target: queryTarget,
        changeOrigin: true,
        rewrite: (path) => path.replace(/^\/query/, ''),
      },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // the build machine is shared: role queries in jsdom can take seconds under load
    testTimeout: 20_000,
  },
});
