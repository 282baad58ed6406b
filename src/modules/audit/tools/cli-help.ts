/** `--help` or `-h` anywhere: prints the usage to standard output (the caller then exits 0). */
export function printedHelp(argv: readonly string[], usage: string): boolean {
  if (!argv.some((arg) => arg === '--help' || arg === '-h')) return false;
  process.stdout.write(`${usage}\nSee docs/audit.md.\n`);
  return true;
}
