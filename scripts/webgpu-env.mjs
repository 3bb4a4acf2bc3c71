#!/usr/bin/env node
// Runs a command (default: vitest run) with Chromium's SwiftShader Vulkan driver visible to
// Dawn, so the `webgpu` package finds an adapter on machines without a GPU. The Vulkan loader
// reads these variables at process start, which is why they are set here and not in a test.
// Usage: node scripts/webgpu-env.mjs [command args...]
import { spawn } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function chromiumDirs() {
  const dirs = [];
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of pathDirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) dirs.push(dirname(realpathSync(candidate)));
    }
  }
  // Debian's /usr/bin/chromium is a shell wrapper; the binary and the ICD live here.
  dirs.push('/usr/lib/chromium', '/usr/lib64/chromium', '/usr/lib/chromium-browser');
  return dirs;
}

const env = { ...process.env };
// So `vitest` resolves when this is run outside npm too.
const binDir = join(dirname(dirname(fileURLToPath(import.meta.url))), 'node_modules', '.bin');
env.PATH = env.PATH ? `${binDir}${delimiter}${env.PATH}` : binDir;
const icdDir = chromiumDirs().find((dir) => existsSync(join(dir, 'vk_swiftshader_icd.json')));
if (icdDir) {
  env.VK_ICD_FILENAMES ??= join(icdDir, 'vk_swiftshader_icd.json');
  env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${icdDir}${delimiter}${env.LD_LIBRARY_PATH}` : icdDir;
} else {
  console.warn('webgpu-env: no SwiftShader ICD next to a chromium binary; WebGPU tests will fail (install chromium)');
}

const [command = 'vitest', ...args] = process.argv.slice(2);
const argv = process.argv.length > 2 ? args : ['run'];
const child = spawn(command, argv, { stdio: 'inherit', env, shell: process.platform === 'win32' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
