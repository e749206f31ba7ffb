/**
 * Never another child's family: in a single-page CMS the header can show the next child while the relationships
 * list still shows the previous child's people for a few seconds. This tracker remembers the child on screen and
 * the list read with them; after the child changes, a list that is still the one read before the change is never
 * offered, until the list itself changes (or the page's owner marker names the new child). If it has not changed
 * after the configured wait, the panel is told the list could not be found.
 *
 * Which list belongs to which child is judged from what the page shows, never guessed from timing: a list that
 * changed before the header did (loaded first) is still a list read before the change, and waits like any other.
 */

export type Freshness =
  /** The list can be offered with this child. */
  | { state: 'fresh' }
  /** The list is still the one read before the child changed: offer only the child; ask again after `retryInMs`. */
  | { state: 'waiting'; retryInMs: number }
  /** The list never changed within the wait: say it could not be found. */
  | { state: 'timed-out' };

export interface ListObservation {
  /** Who the child on screen is (CMS id, else name and date of birth); undefined when the page shows no child. */
  childKey: string | undefined;
  /** The list's people (read-context's ListReading.key). */
  listKey: string;
  /** The owner marker names this child. */
  confirmed: boolean;
}

/** The key of a list with nobody in it (read-context's listKey of no people). */
export const EMPTY_LIST = '[]';

export interface FreshnessTracker {
  observe(observation: ListObservation): Freshness;
}

export function trackListFreshness(waitMs: number, now: () => number = () => Date.now()): FreshnessTracker {
  let lastChild: string | undefined;
  let listWithLastChild: string | undefined;
  /** Set from a change of child until the list changes: the list as it was read before the change. */
  let stale: { listKey: string; since: number } | undefined;

  return {
    observe({ childKey, listKey, confirmed }) {
      // A page between two children (header cleared) changes nothing: the list last read with a child stays the
      // one to compare with, so an old list that survives the gap is still recognised.
      if (childKey === undefined) return { state: 'fresh' };
      if (lastChild !== undefined && childKey !== lastChild && listWithLastChild !== undefined) {
        // A second change of child while still waiting keeps the list that was on screen before the first one.
        stale = { listKey: stale?.listKey ?? listWithLastChild, since: now() };
      }
      lastChild = childKey;
      listWithLastChild = listKey;
      // An empty list holds nobody else's people: nothing to hold back.
      if (stale && (confirmed || listKey !== stale.listKey || listKey === EMPTY_LIST)) stale = undefined;
      if (!stale) return { state: 'fresh' };
      const left = stale.since + waitMs - now();
      return left > 0 ? { state: 'waiting', retryInMs: left } : { state: 'timed-out' };
    },
  };
}
