/** What a host shim reads from a CMS page and hands to the panel. */
import type { PersonInput } from '../../server/src/api/contract.js';

export interface PanelContext {
  child: PersonInput;
  people: PersonInput[];
}

/** A function the panel calls for a bearer token; `forceRefresh` after a 401. */
export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string>;
