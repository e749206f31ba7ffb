/**
 * What this machine's process table says about a process, read from /proc on Linux (undefined elsewhere, where
 * callers fall back to what Node can tell): its start time, which tells it from a later process given the same id,
 * and its parent. Used to know whether a load's process is still alive (load-holder.ts) and to stop a load when the
 * command that started it is gone (ingest/stop-with-parent.ts).
 */
import { readFileSync } from 'node:fs';

interface ProcStat {
  state: string;
  parent: number;
  /** Clock ticks after boot. */
  start: string;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', parent: Number(fields[1]), start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** True when /proc can be read here (Linux). */
export function hasProcessTable(): boolean {
  return procStat(process.pid) !== undefined;
}

/**
 * The start time of a running process; undefined when there is no such process, or it has exited and only waits for
 * its parent to collect its exit status (a zombie), or there is no /proc.
 */
export function processStart(pid: number): string | undefined {
  const stat = procStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return undefined;
  return stat.start;
}

/** The parent's process id; undefined when unknown. */
export function parentOf(pid: number): number | undefined {
  if (pid === process.pid) return process.ppid;
  const parent = procStat(pid)?.parent;
  return parent && Number.isInteger(parent) ? parent : undefined;
}
