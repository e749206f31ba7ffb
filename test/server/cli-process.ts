/** Running the `family-context` command line in its own process, as council IT does, for the CLI tests. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface CommandResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * `family-context <command> ...argv` in its own process, asynchronously (the test keeps its event loop). Killed
 * after 60 s: a guard against a hang, not a timing assertion.
 */
export function familyContext(command: 'ingest' | 'audit', argv: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/bin/family-context.mjs', command, ...argv], { env: { ...process.env, ...env }, timeout: 60_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** A loopback port nothing listens on: bound, read and closed again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
