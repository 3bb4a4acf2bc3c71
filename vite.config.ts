import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './scripts/csp.ts';

// BASE_PATH lets a team host the static build under a sub-path (e.g. /supermoe/).
export default defineConfig({
  base: process.env.BASE_PATH ?? './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  // The built site's policy as a header too, so that it also binds the training worker.
  preview: { host: '127.0.0.1', port: 4173, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  build: { chunkSizeWarningLimit: 4000, sourcemap: true },
});
