import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// BASE_PATH lets a team host the static build under a sub-path (e.g. /supermoe/).
export default defineConfig({
  base: process.env.BASE_PATH ?? './',
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { chunkSizeWarningLimit: 4000, sourcemap: true },
});
