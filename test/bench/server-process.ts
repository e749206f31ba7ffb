/**
 * The real server (server/src/main.ts) as a child process, configured as a council would run it (not demo mode):
 * its own JWKS file, issuer and audience, the benchmark's SQLite file, logs at info to a file. The benchmark
 * mints RS256 tokens for a few hundred synthetic social workers with the matching private key.
 *
 * FC_BENCH_COMPILED=1 runs the compiled server (npm run build:server) instead of server/src/main.ts through tsx.
 *
 * Memory is read from /proc/<pid>/status: VmRSS polled every 50 ms for each scenario's peak, VmHWM for the
 * process's peak since it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

const ISSUER = 'https://login.bench-council.example/tenant/v2.0';
const AUDIENCE = 'api://family-context-bench';
const ROLE = 'FamilyContext.User';
const KID = 'bench-key-1';

export interface ServerProcess {
  url: string;
  pid: number;
  /** Bearer tokens for `users` different social workers, valid for an hour. */
  tokens: string[];
  /** Starts sampling VmRSS; the returned function stops and gives the peak in bytes. */
  sampleMemory(): () => number;
  /** VmHWM: the peak resident set since the process started, in bytes. */
  peakSinceStart(): number;
  /** CPU seconds the server's processes have used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function readStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (!kb) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kb) * 1024;
}

/** The process and its descendants (the workers when FC_WORKERS > 1), from /proc. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    for (const c of parents.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

/** VmRSS or VmHWM added up over the server's processes (one, or the primary and its workers). */
export function treeStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += readStatusBytes(p, field);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) used so far by the server's processes (a worker that exited no longer counts). */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}

export async function startServer(options: { dbPath: string; dir: string; users: number; env?: Record<string, string> }): Promise<ServerProcess> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwksFile = join(options.dir, 'bench-jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] }));
  const port = await freePort();
  const logFile = join(options.dir, 'bench-server.log');
  const log = openSync(logFile, 'w');
  // FC_BENCH_PROFILE=1: a V8 CPU profile of the server, written to data/bench/profiles/ when it stops.
  const profile = process.env.FC_BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${join(options.dir, 'profiles')}`] : [];
  // FC_BENCH_COMPILED=1: the compiled server (npm run build:server), as start:prod runs it; otherwise through tsx.
  const root = new URL('../../', import.meta.url).pathname;
  const compiled = join(root, 'dist/server/server/src/main.js');
  if (process.env.FC_BENCH_COMPILED === '1' && !existsSync(compiled)) throw new Error(`FC_BENCH_COMPILED=1 needs ${compiled}: run npm run build:server first`);
  const entry = process.env.FC_BENCH_COMPILED === '1' ? [compiled] : ['--import', 'tsx', 'server/src/main.ts'];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...entry], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      TZ: 'Europe/London',
      PORT: String(port),
      FC_HOST: '127.0.0.1',
      FC_DB: `sqlite:${options.dbPath}`,
      FC_AUTH_ISSUER: ISSUER,
      FC_AUTH_AUDIENCE: AUDIENCE,
      FC_AUTH_JWKS_FILE: jwksFile,
      FC_AUTH_ROLE: ROLE,
      FC_LOG_LEVEL: 'info',
      // The floor route, and a rate limit no benchmark user reaches (the per-user count still runs each request).
      FC_BENCH_FLOOR: '1',
      FC_RATE_LIMIT_PER_MINUTE: '100000',
      // FC_BENCH_WORKERS: server processes (FC_WORKERS), one unless set (run.ts says why).
      FC_WORKERS: process.env.FC_BENCH_WORKERS ?? '1',
      // FC_BENCH_NODE_OPTIONS: V8 flags for the server, e.g. --max-semi-space-size=4 to trade speed for memory.
      ...(process.env.FC_BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.FC_BENCH_NODE_OPTIONS } : {}),
      ...options.env,
    },
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) before it was ready:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server was not ready after 120 s:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const tokens = await Promise.all(
    Array.from({ length: options.users }, (_, i) =>
      new SignJWT({ roles: [ROLE], name: `Bench Worker ${i + 1}` })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(`worker${String(i + 1).padStart(4, '0')}@bench-council.example`)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey as CryptoKey),
    ),
  );

  const pid = child.pid!;
  return {
    url,
    pid,
    tokens,
    sampleMemory() {
      let peak = treeStatusBytes(pid, 'VmRSS');
      const timer = setInterval(() => {
        peak = Math.max(peak, treeStatusBytes(pid, 'VmRSS'));
      }, 50);
      return () => {
        clearInterval(timer);
        return peak;
      };
    },
    // Each process's own peak, added up: an upper bound of the server's peak when there are workers.
    peakSinceStart: () => treeStatusBytes(pid, 'VmHWM'),
    cpuSeconds: () => treeCpuSeconds(pid),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timeout);
      }
    },
  };
}
