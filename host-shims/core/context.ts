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
}

/** A function the panel calls for a bearer token; `forceRefresh` after a 401. */
export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string>;
