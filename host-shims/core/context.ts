/** What a host shim reads from a CMS page and hands to the panel. */
import type { PersonInput } from '../../server/src/api/contract.js';

export interface PanelContext {
  child: PersonInput;
  people: PersonInput[];
  /**
   * People listed on the page who could not be read or placed (no name, a wrong field they cannot be searched
   * without, a relationship in neither list): the panel says how many, so a check of everyone it lists is never
   * read as a check of the whole family.
   */
  unreadable?: number;
  /**
   * Absent: the relationships list was read. 'waiting': the child changed and the list on the page is still the one
   * read before the change (so nobody but the child is listed yet). 'not-found': the list could not be found on the
   * page, or never updated after the child changed: only the child is listed.
   */
  relationships?: 'waiting' | 'not-found';
}

/** A function the panel calls for a bearer token; `forceRefresh` after a 401. */
export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string>;
