import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The API server runs on :3000 in development; the built app is served by it in production.
const backend = 'http://localhost:3000';
const proxy = Object.fromEntries(['/api', '/docs', '/health', '/open311'].map((p) => [p, { target: backend, changeOrigin: false }]));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // The map and the charts are large; they are split into their own chunks and load only in the operations centre.
    chunkSizeWarningLimit: 1200,
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
