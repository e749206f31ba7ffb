/**
 * A reactive controller that holds the state of each person's check for the element: loading, done or failed.
 *
 * Like @lit/task it requests a host update whenever a check starts or settles and aborts work that is no longer
 * wanted; unlike a single Task it lets several checks (one person, then another, then "Check all") run at once
 * and keeps each person's last answer. `reset()` forgets everything at once and ignores any answer still on
 * its way, so a previous child's results can never appear.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PersonInput, PersonResult } from '../../server/src/api/contract.js';
import { fetchInvolvements, LookupError, type TokenProvider } from './involvements-client.js';

/** `checkedAt`: when the server answered (ISO date-time), kept with the result for the case-note summary. */
export type PersonCheck =
  | { state: 'loading'; result?: PersonResult; checkedAt?: string }
  | { state: 'done'; result: PersonResult; checkedAt: string }
  | { state: 'failed'; error: LookupError; result?: PersonResult; checkedAt?: string };

export interface CheckSettled {
  /** Indexes (in `context.people`) of the people in this check. */
  indexes: number[];
  error?: LookupError;
}

export interface InvolvementsControllerOptions {
  /** Read at the start of each check, so the element's current properties are used. */
  config: () => { apiBase: string; getToken: TokenProvider | undefined };
  /** Called once when a check ends (with results or an error); not called for checks abandoned by reset(). */
  onSettled?: (settled: CheckSettled) => void;
}

export class InvolvementsController implements ReactiveController {
  private readonly checks = new Map<number, PersonCheck>();
  private readonly inFlight = new Set<AbortController>();
  /** Bumped by reset(): answers from an older generation are dropped. */
  private generation = 0;
  /** The error of the most recent failed check, until a check succeeds or reset(). */
  private lastError: { error: LookupError; indexes: number[] } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: InvolvementsControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    // A removed panel stops its requests; people still loading go back to "not checked yet".
    this.abortAll();
    for (const [index, check] of this.checks) {
      if (check.state === 'loading') {
        if (check.result) this.checks.set(index, { state: 'done', result: check.result, checkedAt: check.checkedAt ?? '' });
        else this.checks.delete(index);
      }
    }
  }

  get(index: number): PersonCheck | undefined {
    return this.checks.get(index);
  }

  /** The latest problem and the people it stopped, for the error summary. */
  get error(): { error: LookupError; indexes: number[] } | undefined {
    return this.lastError;
  }

  get loading(): boolean {
    for (const check of this.checks.values()) if (check.state === 'loading') return true;
    return false;
  }

  isLoading(index: number): boolean {
    return this.checks.get(index)?.state === 'loading';
  }

  /** Forgets every check and ignores answers still on their way. */
  reset(): void {
    this.generation++;
    this.abortAll();
    this.checks.clear();
    this.lastError = undefined;
    this.host.requestUpdate();
  }

  /** Forgets one person's check (a search that was refused), including any error it left. */
  forget(index: number): void {
    this.checks.delete(index);
    if (this.lastError) {
      const remaining = this.lastError.indexes.filter((i) => i !== index);
      this.lastError = remaining.length ? { ...this.lastError, indexes: remaining } : undefined;
    }
    this.host.requestUpdate();
  }

  /**
   * Checks the given people (index in `context.people` + person) in one request (chunked above 30), with the
   * user's reason when there is one. People already loading are left to their running check.
   */
  async check(
    child: PersonInput,
    people: ReadonlyArray<{ index: number; person: PersonInput }>,
    reason?: string,
  ): Promise<void> {
    const wanted = people.filter(({ index }) => !this.isLoading(index));
    if (wanted.length === 0) return;
    const generation = this.generation;
    const indexes = wanted.map((p) => p.index);
    for (const index of indexes) {
      const previous = this.checks.get(index);
      this.checks.set(index, { state: 'loading', result: previous?.result, checkedAt: previous?.checkedAt });
    }
    if (this.lastError) {
      const remaining = this.lastError.indexes.filter((i) => !indexes.includes(i));
      this.lastError = remaining.length ? { ...this.lastError, indexes: remaining } : undefined;
    }
    this.host.requestUpdate();

    const abort = new AbortController();
    this.inFlight.add(abort);
    const { apiBase, getToken } = this.options.config();
    let settled: CheckSettled;
    try {
      const results = await fetchInvolvements(
        { apiBase, getToken, signal: abort.signal },
        child,
        wanted.map((p) => p.person),
        reason,
      );
      if (generation !== this.generation || abort.signal.aborted) return;
      results.forEach(({ result, checkedAt }, i) => this.checks.set(indexes[i]!, { state: 'done', result, checkedAt }));
      settled = { indexes };
    } catch (caught) {
      if (generation !== this.generation || abort.signal.aborted) return;
      const error = caught instanceof LookupError ? caught : new LookupError('bad-response');
      for (const index of indexes) {
        const previous = this.checks.get(index);
        this.checks.set(index, { state: 'failed', error, result: previous?.result, checkedAt: previous?.checkedAt });
      }
      const earlier = this.lastError?.indexes ?? [];
      this.lastError = { error, indexes: [...earlier, ...indexes.filter((i) => !earlier.includes(i))] };
      settled = { indexes, error };
    } finally {
      this.inFlight.delete(abort);
    }
    this.host.requestUpdate();
    this.options.onSettled?.(settled);
  }

  private abortAll(): void {
    for (const abort of this.inFlight) abort.abort();
    this.inFlight.clear();
  }
}
