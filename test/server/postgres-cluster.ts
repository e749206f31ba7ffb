/**
 * A throwaway PostgreSQL cluster for the server tests (FC_TEST_DB=postgres): initdb and pg_ctl on a temp folder,
 * listening on 127.0.0.1 on a free port only, trust auth, fsync off. Started once by test/run-node-tests.mjs,
 * which passes its address to the tests as FC_TEST_PG_URL, and stopped at the end. Each harness then creates a
 * fresh database in it (see test-database.ts).
 *
 * Run as root (CI), the cluster belongs to the `postgres` user (`runuser -u postgres`): PostgreSQL refuses to
 * run as root.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin } from '../find-tools.mjs';

export interface PostgresCluster {
  /** Superuser address of the cluster's `postgres` database: postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  dir: string;
  /** Stops the server but keeps its data, as a database outage would. */
  pause(): void;
  /** Starts it again on the same port. */
  resume(): void;
  /**
   * `pg_ctl restart -m fast` without blocking this process's event loop (an in-process server keeps answering
   * meanwhile): what a restart, or a failover, does to the connections open to it. Resolves once it accepts
   * connections again.
   */
  restart(): Promise<void>;
  /** The postmaster's process id (from postmaster.pid). */
  postmasterPid(): number;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts a cluster; throws with the exact fix when PostgreSQL is not installed or does not start. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL's server binaries (initdb, pg_ctl) were not found in FC_TEST_PG_BIN or /usr/lib/postgresql/<version>/bin. " +
        'Run node test/ensure-tools.mjs postgres (it installs them as root with apt-get, or prints the command).',
    );
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'fc-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (command: string, args: string[]) => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
      throw new Error(`${command} failed (${result.status ?? result.error?.message}):\n${result.stderr}${result.stdout}${log}`);
    }
  };

  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  // A port can be taken between finding it and binding it; try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${dir}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      run('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options]);
      const stop = () => {
        const args = ['stop', '-D', data, '-m', 'immediate', '-w'];
        spawnSync(root ? 'runuser' : join(bin, 'pg_ctl'), root ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args] : args, { stdio: 'ignore' });
        rmSync(dir, { recursive: true, force: true });
      };
      const pause = () => run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']);
      const resume = () => run('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options]);
      const restart = async () => {
        const args = ['restart', '-D', data, '-m', 'fast', '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options];
        const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args]] : [join(bin, 'pg_ctl'), args];
        await new Promise<void>((resolve, reject) => {
          execFile(file, argv, { cwd: dir }, (error, stdout, stderr) => (error ? reject(new Error(`pg_ctl restart failed: ${stderr}${stdout}`)) : resolve()));
        });
      };
      const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, pause, resume, restart, postmasterPid, stop };
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

function postgresUser(): { uid: number; gid: number } {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gidResult = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0 || gidResult.status !== 0) {
    throw new Error(`Running as ${userInfo().username}, PostgreSQL must run as the "postgres" user, which does not exist. Install PostgreSQL with apt-get install -y postgresql (it creates the user).`);
  }
  return { uid: Number(result.stdout.trim()), gid: Number(gidResult.stdout.trim()) };
}
