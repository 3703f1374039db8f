import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { delivery } from './delivery.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The API server runs on :3000 in development; the built app is served by it in production.
const backend = 'http://localhost:3000';
const proxy = Object.fromEntries(
  ['/api', '/docs', '/health', '/open311'].map((p) => [p, { target: backend, changeOrigin: false }]),
);

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react(), delivery()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // The map and the charts are large; they are split into their own chunks and load only where a page needs them.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than the app, so a phone keeps them cached across
        // releases; each page (App.tsx) is a chunk of its own too.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 20 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            { name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
