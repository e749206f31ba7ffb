/**
 * `family-context <command> [options]`: the commands council IT runs. Each command lives in its own module
 * exporting `run(argv): Promise<number>` (the exit code) and is loaded only when asked for.
 */
interface CommandModule {
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  ingest: { summary: 'load one source extract (CSV) with a column mapping', load: () => import('../ingest/cli.js') },
  'shim-check': { summary: 'run a host shim against a saved CMS page and report what it reads', load: () => import('../../../host-shims/cli/shim-check.js') },
  audit: { summary: 'verify, export or purge the audit log', load: () => import('../audit/cli.js') },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const list = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`).join('\n');
    console.error(`${name ? `Unknown command "${name}".\n` : ''}Usage: family-context <command> [options]\n\nCommands:\n${list}\n\nRun family-context <command> --help for its options.`);
    return name ? 2 : 0;
  }
  return (await command.load()).run(rest);
}
