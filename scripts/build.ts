// Builds the app (dist/) when it is missing or older than the sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export async function ensureBuilt(quiet: boolean): Promise<void> {
  const index = 'dist/index.html';
  const sources = Math.max(newestMtime('src'), newestMtime('public'), statSync('index.html').mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  if (!quiet) console.error('building the app (vite build)…');
  execSync('npx vite build --logLevel warn', { stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
}
