/**
 * The process running a load, as recorded in `source_load.holder` (sources/snapshots.ts), and whether it is known
 * to be dead. A load's rows are a lock: while it runs, no other load of that dataset may start. When its process
 * was killed (a scheduler stopping `npm run ingest`, SIGKILL, a crash, a reboot), waiting for the heartbeat to go
 * stale blocks every reload for minutes, so:
 *
 * - on the same machine (same host name and boot), the process is looked up by id, and its start time compared
 *   (on Linux, /proc/<pid>/stat) so that a new process that happens to get the same id is not taken for it;
 * - the machine rebooted since (another boot id): dead;
 * - on another machine, nothing can be known from here: the heartbeat's age decides (or --break-stale-lock).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { hasProcessTable, processStart } from './process-info.js';

export interface LoadHolder {
  host: string;
  /** Linux's boot id ('' elsewhere): a different one means the machine restarted since. */
  boot: string;
  pid: number;
  /** The process's start time in clock ticks since boot (Linux), '' when unknown. */
  start: string;
}

export function thisProcess(): LoadHolder {
  return { host: hostname(), boot: bootId(), pid: process.pid, start: processStart(process.pid) ?? '' };
}

export function holderText(holder: LoadHolder): string {
  return JSON.stringify(holder).slice(0, 500);
}

export function parseHolder(text: string | null | undefined): LoadHolder | undefined {
  if (!text) return undefined;
  try {
    const h = JSON.parse(text) as Partial<LoadHolder>;
    if (typeof h.host !== 'string' || typeof h.pid !== 'number' || !Number.isInteger(h.pid) || h.pid <= 0)
      return undefined;
    return {
      host: h.host,
      boot: typeof h.boot === 'string' ? h.boot : '',
      pid: h.pid,
      start: typeof h.start === 'string' ? h.start : '',
    };
  } catch {
    return undefined;
  }
}

/** "process 1234 on host loader-01", for messages. */
export function describeHolder(holder: LoadHolder): string {
  return `process ${holder.pid} on host ${holder.host}`;
}

/**
 * 'dead' or 'alive' when it can be told from this machine; 'unknown' for a load run on another machine (or
 * recorded before holders were).
 */
export function holderState(
  holder: LoadHolder | undefined,
  here: LoadHolder = thisProcess(),
): 'dead' | 'alive' | 'unknown' {
  if (!holder || holder.host !== here.host) return 'unknown';
  if (holder.boot && here.boot && holder.boot !== here.boot) return 'dead';
  if (holder.pid === here.pid) return holder.start === here.start ? 'alive' : 'dead';
  const start = processStart(holder.pid);
  if (start !== undefined) return holder.start && start !== holder.start ? 'dead' : 'alive';
  if (hasProcessTable()) return 'dead'; // /proc works here and has no such process
  // No /proc (Windows, macOS): whether a process with that id exists; one that does may be another, so 'alive'.
  try {
    process.kill(holder.pid, 0);
    return 'alive';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}
