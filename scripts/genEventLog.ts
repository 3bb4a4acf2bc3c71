// A large synthetic event log for the data benchmark: CSV rows of users' purchases and views
// in time order, written as a stream (never held in memory), seeded so it is the same file
// on every run.
import { createWriteStream, existsSync, statSync } from 'node:fs';

const EVENTS = ['view', 'view', 'view', 'click', 'cart', 'purchase'];
const COUNTRIES = ['United Kingdom', 'Germany', 'France', 'EIRE', 'Spain', 'Netherlands', 'Belgium', 'Switzerland'];

/** Writes about `targetBytes` of log to `path` unless a file of that size is there already. */
export async function ensureEventLog(path: string, targetBytes: number, users = 100_000): Promise<void> {
  if (existsSync(path) && Math.abs(statSync(path).size - targetBytes) < targetBytes * 0.05) return;
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', () => ok())));
  await write('user_id,timestamp,event_type,item_id,amount,country\n');
  const start = Date.UTC(2023, 0, 1) / 1000;
  const span = 365 * 86_400;
  let written = 0;
  let t = 0;
  while (written < targetBytes) {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++, t++) {
      const u = Math.floor(rand() ** 1.5 * users);
      const ts = new Date((start + Math.floor((t / (targetBytes / 66)) * span)) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const item = `SKU${Math.floor(rand() ** 2 * 400_000)}`;
      const ev = EVENTS[Math.floor(rand() * EVENTS.length)];
      const amount = ev === 'purchase' ? (rand() * 200).toFixed(2) : '';
      lines.push(`u${u},${ts},${ev},${item},${amount},${COUNTRIES[u % COUNTRIES.length]}`);
    }
    const chunk = `${lines.join('\n')}\n`;
    written += chunk.length;
    await write(chunk);
  }
  await new Promise<void>((ok) => out.end(() => ok()));
}
