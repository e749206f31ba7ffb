/**
 * Everything the panel holds for the child whose record is open, in one object: when the child (or the list of
 * people) changes, the panel replaces it whole with `freshChildState()`, so nothing typed, opened, copied or
 * marked for one child can be seen, or sent, under another. Answers live in the InvolvementsController, which
 * is reset at the same moment.
 */
import type { PersonInput } from '../../server/src/api/contract.js';
import type { FeedbackState } from './person-results.js';
import { EMPTY_SEARCH, type FieldError, type SearchValues } from './search-form.js';

export interface ChildState {
  /** Indexes of open sections. Indexes: `context.people` first, then people found by search. */
  open: Set<number>;
  /** Text of the polite live region. */
  liveMessage: string;
  /** People checked through the search (not linked in the CMS page). */
  searched: PersonInput[];
  searchOpen: boolean;
  searchValues: SearchValues;
  searchErrors: FieldError[];
  /** The server asked for a reason (400 reason-required). */
  searchNeedsReason: boolean;
  /** Index of the searched person whose check is on its way. */
  pendingSearch: number | undefined;
  /** The reason the user gave, sent with every later check for this child (the server audits it). */
  reason: string;
  reasonDraft: string;
  reasonError: string;
  /** Record keys the user said were "Not this person". */
  hiddenRecords: Set<string>;
  feedbackStates: Map<string, FeedbackState>;
  copiedKey: { key: string; ok: boolean } | undefined;
  summaryState: 'copied' | 'fallback' | undefined;
  /**
   * People whose closed section content is in the DOM. Content of a closed section is added a few people per
   * task after the overview lines are shown, so a 30-person answer appears in one frame; it is there soon
   * after for find-in-page (`hidden="until-found"`). Open sections and printing always render it at once.
   */
  prepared: Set<number>;
}

export function freshChildState(): ChildState {
  return {
    open: new Set(),
    liveMessage: '',
    searched: [],
    searchOpen: false,
    searchValues: { ...EMPTY_SEARCH },
    searchErrors: [],
    searchNeedsReason: false,
    pendingSearch: undefined,
    reason: '',
    reasonDraft: '',
    reasonError: '',
    hiddenRecords: new Set(),
    feedbackStates: new Map(),
    copiedKey: undefined,
    summaryState: undefined,
    prepared: new Set(),
  };
}
