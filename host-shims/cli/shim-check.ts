/** Placeholder until this command is built (see the issue that owns it); says so rather than pretending. */
export async function run(_argv: string[]): Promise<number> {
  console.error('This command is not available yet in this build.');
  return 1;
}
