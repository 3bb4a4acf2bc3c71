// Numbers as the data panel shows them.

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

/** A number in a statistic: short, without float noise. */
export function formatStat(x: number | undefined): string {
  if (x === undefined) return '—';
  return Number.isInteger(x) ? formatCount(x) : String(Number(x.toPrecision(4)));
}

export const formatDate = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
