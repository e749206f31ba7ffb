/**
 * Ties a load's life to the command that started it. A scheduler that stops `npm run ingest` kills npm, often with
 * SIGKILL, which npm cannot pass on: the node process running the load (npm → sh → node) would live on as an
 * orphan, still writing rows. So the load watches the processes that started it (its parent, and npm's shell's
 * parent, npm, when run as an npm script) and stops when one of them is gone, as it does on SIGTERM, SIGINT or
 * SIGHUP: between two rows, undoing what it wrote (the previous data stays as it was). If it cannot stop that way
 * within STOP_GRACE_MS (waiting on the file or the database), the process exits: its lock names a dead process,
 * which the next load clears at once (sources/load-holder.ts).
 */
import { hasProcessTable, parentOf, processStart } from '../sources/process-info.js';

const CHECK_EVERY_MS = 500;
export const STOP_GRACE_MS = 5_000;

export interface LoadStopper {
  signal: AbortSignal;
  /** Stops watching (the load is over). */
  dispose(): void;
}

/** `exit`: how the process ends after the grace period (tests pass their own). */
export function stopWithParent(exit: (code: number) => void = (code) => process.exit(code)): LoadStopper {
  const controller = new AbortController();
  const stop = (why: string) => {
    if (controller.signal.aborted) return;
    process.stderr.write(`Stopping: ${why}. The load is being undone; the previous data stays as it was.\n`);
    controller.abort(new LoadStoppedError(why));
    setTimeout(() => exit(1), STOP_GRACE_MS).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => stop(`${signal} received`);
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);

  const watched = startedBy();
  const timer = setInterval(() => {
    const gone = watched.find((w) => !stillRunning(w));
    if (gone) stop(`the command that started this load (process ${gone.pid}) has ended`);
  }, CHECK_EVERY_MS);
  timer.unref();
  return {
    signal: controller.signal,
    dispose() {
      clearInterval(timer);
      for (const s of signals) process.off(s, onSignal);
    },
  };
}

/** The load was stopped from outside: a signal, or the command that started it ended. */
export class LoadStoppedError extends Error {
  constructor(why: string) {
    super(`The load was stopped (${why}) and undone: the previous data is unchanged.`);
    this.name = 'LoadStoppedError';
  }
}

interface Watched {
  pid: number;
  start: string | undefined;
}

/** The parent, and under npm (npm → sh → node) the grandparent too: npm itself. Never process 1. */
function startedBy(): Watched[] {
  const parent = process.ppid;
  if (!parent || parent === 1) return [];
  const chain = [parent];
  if (process.env.npm_lifecycle_event && hasProcessTable()) {
    const npm = parentOf(parent);
    if (npm && npm !== 1) chain.push(npm);
  }
  return chain.map((pid) => ({ pid, start: processStart(pid) }));
}

function stillRunning(w: Watched): boolean {
  if (w.start !== undefined) return processStart(w.pid) === w.start;
  // No /proc: the parent is gone when this process has been handed to another.
  return process.ppid === w.pid;
}
