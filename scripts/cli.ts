// What the command-line scripts (headless, bench) share: their common options and --help.

/** --timeout (minutes), --quiet and --help, for node:util parseArgs. */
export function commonOptions(timeoutMinutes: number) {
  return {
    timeout: { type: 'string', default: String(timeoutMinutes) },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  } as const;
}

/** Prints the usage and exits when --help was given. */
export function exitOnHelp(help: boolean | undefined, usage: string): void {
  if (!help) return;
  console.log(usage);
  process.exit(0);
}
