/**
 * `<family-context-panel>`: for each person linked to a child, which services (School, Adult Social Care,
 * Housing, Police...) are or were involved, whom to contact, and how far to trust the answer.
 *
 * It knows nothing about any CMS: a host shim sets `context` (the child and the people linked to them) and
 * `getToken` (the user's access token for the Family Context API), and optionally `apiBase`.
 * Nothing personal is stored in the browser: answers live only in this element's memory.
 *
 * @fires fc-check - The user asked for a check (a "Check" button, "Check all", "Try again" or the search).
 *   `detail: { people: PersonInput[] }`. Bubbles, composed.
 * @fires fc-section-toggle - The user opened or closed a person's section (or all of them).
 *   `detail: { person: PersonInput | undefined, open: boolean }` (`person` undefined for "Show/Hide all sections").
 *
 * @slot logo - The council's logo, shown before the title (or use `logo-src`, or `--fc-logo`).
 *
 * @cssprop [--fc-font-family='GDS Transport', arial, sans-serif] - Font.
 * @cssprop [--fc-font-size=19px] - Base text size.
 * @cssprop [--fc-text-colour=#0b0c0c] - Text.
 * @cssprop [--fc-secondary-text-colour=#484949] - Secondary text (dates of birth, sources).
 * @cssprop [--fc-background=#ffffff] - Panel background.
 * @cssprop [--fc-muted-background=#f3f2f1] - Secondary buttons and "not checked" blocks.
 * @cssprop [--fc-accent-colour=#1d70b8] - Links, accordion controls, involved services.
 * @cssprop [--fc-button-colour=#00703c] - Primary button ("Check all").
 * @cssprop [--fc-button-text-colour=#ffffff] - Primary button text.
 * @cssprop [--fc-focus-colour=#ffdd00] - Focus highlight.
 * @cssprop [--fc-focus-text-colour=#0b0c0c] - Text on the focus highlight.
 * @cssprop [--fc-border-colour=#b1b4b6] - Dividers.
 * @cssprop [--fc-error-colour=#d4351c] - Error summary border and error messages.
 * @cssprop [--fc-success-colour=#00703c] - Confirmation messages' border.
 * @cssprop [--fc-padding=15px] - Space inside the panel.
 * @cssprop [--fc-logo=none] - The council's logo as a CSS image, e.g. `url(logo.svg)`.
 * @cssprop [--fc-logo-width=0] - Width of the `--fc-logo` image.
 * @cssprop [--fc-logo-height=40px] - Height of the logo.
 *
 * @csspart panel - The whole panel.
 * @csspart header - Logo, "Family context" and the child's name.
 * @csspart logo - The logo image (`logo-src` or `--fc-logo`).
 * @csspart toolbar - "Check all", "Copy summary for case notes", "Print".
 * @csspart check-all-button - The "Check all" button.
 * @csspart summary-button - "Copy summary for case notes".
 * @csspart print-button - "Print".
 * @csspart people - The list of people.
 * @csspart person - One person in the list (also `section` once checked).
 * @csspart check-button - A person's "Check" button.
 * @csspart section-button - The button that opens and closes a person's results.
 * @csspart overview - A person's one-line overview ("Involved: Police · Not found in: Housing").
 * @csspart show-all-button - "Show all sections" / "Hide all sections".
 * @csspart service - One involved service's block.
 * @csspart record - One record's contact card.
 * @csspart copy-button - A contact's copy button.
 * @csspart feedback - A record's "Not this person" / "Information looks wrong".
 * @csspart possible - A possible match (collapsed).
 * @csspart not-checked - The block of services that could not be checked.
 * @csspart no-records - The block of services searched with nothing found.
 * @csspart not-applicable - The block of services not shown for this person.
 * @csspart stale - An "out of date" warning.
 * @csspart source - A source line (name, last updated, period, area).
 * @csspart sources - "About the sources".
 * @csspart error - The error summary.
 * @csspart retry-button - The error summary's "Try again" button.
 * @csspart search - The search for someone not listed.
 * @csspart empty - The message shown when there are no people.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type {
  InvolvementRecord,
  PersonInput,
  PersonResult,
  ServiceResult,
  SourceInfo,
} from '../../server/src/api/contract.js';
import { caseNoteSummary, sourceInWords, type PoliceDetail, type SummaryEntry } from './case-note-summary.js';
import { panelStyles } from './family-context-panel.styles.js';
import { sendFeedback } from './feedback-client.js';
import { formatAddress, formatAgeAndBirth, formatDateTime, fullName, listOf } from './format.js';
import { LookupError, SERVER_WORDS_SHOWN, type LookupErrorKind, type TokenProvider } from './involvements-client.js';
import { InvolvementsController, type CheckSettled } from './involvements-controller.js';
import { youngestFirst, type ListedPerson } from './people.js';
import { feedbackId, renderPersonResult, type FeedbackState, type ResultsView } from './person-results.js';
import { EMPTY_SEARCH, validateSearch, type FieldError, type SearchValues } from './search-form.js';
import {
  announcement,
  groupServices,
  itemsText,
  overviewParts,
  type GroupKind,
  type HiddenRecord,
} from './service-groups.js';
import { freshChildState, type ChildState } from './child-state.js';
import { fill, mergeWording, type Wording, type WordingKey } from './wording.js';
import { callList, personRank, type CallList } from './who-to-call-list.js';
import type { FcCopyDetail } from './who-to-call.js';
import './who-to-call.js';
import './search-form-element.js';
import type { FcSearchInputDetail } from './search-form-element.js';
import { reasonField } from './reason-field.js';
import { tokenUserName } from './token-user.js';

/** What a host shim gives the panel: the child whose record is open and the people linked to them. */
export interface FamilyContext {
  child: PersonInput;
  people: PersonInput[];
  /** How many people on the page the host could not read (they are not listed): the panel says so. */
  unreadable?: number;
  /**
   * 'waiting': "Waiting for the relationships list…" (the page is catching up with a new child); 'not-found': the
   * list could not be found on the page (or never updated after the child changed). Absent: the list was read.
   */
  relationships?: 'waiting' | 'not-found';
}

export interface FcCheckDetail {
  people: PersonInput[];
}

export interface FcSectionToggleDetail {
  person: PersonInput | undefined;
  open: boolean;
}

/** The search form's field for a field the server named (`people[0].cmsId` → cmsId), else the first field. */
const SEARCH_FIELDS: Record<string, FieldError['field']> = { firstName: 'firstName', lastName: 'surname', dateOfBirth: 'day', cmsId: 'cmsId', reason: 'reason', postcode: 'postcode', address: 'address' };

/** The server's refusal of a search, on the form: the field it named and its words for it, else its message. */
function searchFieldError(error: LookupError, fallback: string): FieldError {
  const named = (error.fields ?? []).find((f) => /^people\[\d+\]\.\w+/.test(f.field));
  const field = named ? SEARCH_FIELDS[named.field.replace(/^people\[\d+\]\./, '')] : undefined;
  if (!named || !field) return { field: 'surname', message: fallback };
  return { field, message: named.message.charAt(0).toUpperCase() + named.message.slice(1) };
}

const ERROR_WORDING: Record<LookupErrorKind, WordingKey> = {
  'signed-out': 'errorSignedOut',
  forbidden: 'errorForbidden',
  'reason-required': 'errorReasonRequired',
  rejected: 'errorRejected',
  'rate-limited': 'errorRateLimited',
  timeout: 'errorTimeout',
  unavailable: 'errorUnavailable',
  server: 'errorServer',
  network: 'errorNetwork',
  'bad-response': 'errorBadResponse',
  'not-configured': 'errorNotConfigured',
};

/** The tag style of each group in the overview line: a distinct word and colour each, never the colour alone. */
const TAG_CLASS: Record<GroupKind, string> = {
  involved: 'involved',
  possible: 'possible',
  noRecords: 'not-found',
  notChecked: 'not-checked',
  notApplicable: 'muted',
  dismissed: 'muted',
};

/** How long a "Copied" confirmation stays on a copy button. */
const COPIED_MS = 4000;

export class FamilyContextPanel extends LitElement {
  static override styles = panelStyles;

  private _context: FamilyContext | undefined;
  /** What `_context` said when it was set, to tell a new context from the same one set again. */
  private _contextKey = '';

  /**
   * The child and the people linked to them. Setting a different child or list of people forgets every
   * result at once; setting the same child and people again (a host re-reading an unchanged page) keeps them.
   */
  @property({ attribute: false })
  get context(): FamilyContext | undefined {
    return this._context;
  }
  set context(value: FamilyContext | undefined) {
    const key = value ? JSON.stringify([value.child, value.people, value.relationships ?? '']) : '';
    const changed = key !== this._contextKey || (value === undefined) !== (this._context === undefined);
    const old = this._context;
    this._context = value;
    this._contextKey = key;
    if (changed) this.resetResults();
    this.requestUpdate('context', old);
  }

  /** Returns an access token for the Family Context API; called with `{ forceRefresh: true }` after a 401. */
  @property({ attribute: false })
  getToken: TokenProvider | undefined;

  /** Where the Family Context API is: requests go to `${apiBase}/api/v1/...`. */
  @property({ attribute: 'api-base' })
  apiBase = '';

  /** The council's wording: a partial map of the panel's fixed texts (see `wording.ts`). */
  @property({ attribute: false })
  wording: Partial<Wording> | undefined;

  /** Always ask for a reason in the search for someone not listed (the council's policy). */
  @property({ type: Boolean, attribute: 'reason-required', reflect: true })
  reasonRequired = false;

  /** The council's logo (an image address); decorative unless `logo-alt` is set. */
  @property({ attribute: 'logo-src' })
  logoSrc = '';

  @property({ attribute: 'logo-alt' })
  logoAlt = '';

  /**
   * The council's protective marking, at the top of a printout and the case-note summary ('' for none).
   * Default: OFFICIAL-SENSITIVE (Government Security Classifications, for social care records).
   */
  @property({ attribute: 'protective-marking' })
  protectiveMarking = 'OFFICIAL-SENSITIVE';

  /**
   * Police detail in the case-note summary: 'involved' (default: involved, with contact, and a caution about
   * third-party police information) or 'offences' (the safeguarding offences too), as the council decides.
   */
  @property({ attribute: 'police-detail' })
  policeDetail: PoliceDetail = 'involved';

  /** Who is using the panel, for "printed by": set by the host, else read from the access token's claims. */
  @property({ attribute: 'user-name' })
  userName = '';

  /** The user's name from the last token (display only; see token-user.ts). */
  private tokenUser: string | undefined;

  /** Everything held for the open child (see child-state.ts): replaced whole when the child changes. */
  @state() private s: ChildState = freshChildState();
  @state() private printing = false;

  // Each piece of the child's state, read and written through `s` (a write replaces `s`, so Lit re-renders).
  private get open(): ChildState['open'] {
    return this.s.open;
  }
  private set open(value: ChildState['open']) {
    this.s = { ...this.s, open: value };
  }
  private get liveMessage(): ChildState['liveMessage'] {
    return this.s.liveMessage;
  }
  private set liveMessage(value: ChildState['liveMessage']) {
    this.s = { ...this.s, liveMessage: value };
  }
  private get searched(): ChildState['searched'] {
    return this.s.searched;
  }
  private set searched(value: ChildState['searched']) {
    this.s = { ...this.s, searched: value };
  }
  private get searchOpen(): ChildState['searchOpen'] {
    return this.s.searchOpen;
  }
  private set searchOpen(value: ChildState['searchOpen']) {
    this.s = { ...this.s, searchOpen: value };
  }
  private get searchValues(): ChildState['searchValues'] {
    return this.s.searchValues;
  }
  private set searchValues(value: ChildState['searchValues']) {
    this.s = { ...this.s, searchValues: value };
  }
  private get searchErrors(): ChildState['searchErrors'] {
    return this.s.searchErrors;
  }
  private set searchErrors(value: ChildState['searchErrors']) {
    this.s = { ...this.s, searchErrors: value };
  }
  private get searchNeedsReason(): ChildState['searchNeedsReason'] {
    return this.s.searchNeedsReason;
  }
  private set searchNeedsReason(value: ChildState['searchNeedsReason']) {
    this.s = { ...this.s, searchNeedsReason: value };
  }
  private get pendingSearch(): ChildState['pendingSearch'] {
    return this.s.pendingSearch;
  }
  private set pendingSearch(value: ChildState['pendingSearch']) {
    this.s = { ...this.s, pendingSearch: value };
  }
  private get reason(): ChildState['reason'] {
    return this.s.reason;
  }
  private set reason(value: ChildState['reason']) {
    this.s = { ...this.s, reason: value };
  }
  private get reasonDraft(): ChildState['reasonDraft'] {
    return this.s.reasonDraft;
  }
  private set reasonDraft(value: ChildState['reasonDraft']) {
    this.s = { ...this.s, reasonDraft: value };
  }
  private get reasonError(): ChildState['reasonError'] {
    return this.s.reasonError;
  }
  private set reasonError(value: ChildState['reasonError']) {
    this.s = { ...this.s, reasonError: value };
  }
  private get hiddenRecords(): ChildState['hiddenRecords'] {
    return this.s.hiddenRecords;
  }
  private set hiddenRecords(value: ChildState['hiddenRecords']) {
    this.s = { ...this.s, hiddenRecords: value };
  }
  private get feedbackStates(): ChildState['feedbackStates'] {
    return this.s.feedbackStates;
  }
  private set feedbackStates(value: ChildState['feedbackStates']) {
    this.s = { ...this.s, feedbackStates: value };
  }
  private get copiedKey(): ChildState['copiedKey'] {
    return this.s.copiedKey;
  }
  private set copiedKey(value: ChildState['copiedKey']) {
    this.s = { ...this.s, copiedKey: value };
  }
  private get summaryState(): ChildState['summaryState'] {
    return this.s.summaryState;
  }
  private set summaryState(value: ChildState['summaryState']) {
    this.s = { ...this.s, summaryState: value };
  }
  private get prepared(): ChildState['prepared'] {
    return this.s.prepared;
  }
  private set prepared(value: ChildState['prepared']) {
    this.s = { ...this.s, prepared: value };
  }
  private prepareTimer: ReturnType<typeof setTimeout> | undefined;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every context change: feedback answers for an older context are dropped. */
  private generation = 0;
  private w: Wording = mergeWording(undefined);
  private openedForPrint: HTMLDetailsElement[] = [];

  private readonly lookups = new InvolvementsController(this, {
    config: () => ({ apiBase: this.apiBase ?? '', getToken: this.getToken && this.readingToken }),
    onSettled: (settled) => void this.checkSettled(settled),
  });

  /** `getToken`, noting whose token it is (for "printed by"). */
  private readonly readingToken: TokenProvider = async (options) => {
    const token = await this.getToken!(options);
    this.tokenUser = tokenUserName(token) ?? this.tokenUser;
    return token;
  };

  /** The user's name if known: the host's, else the token's. */
  private get user(): string | undefined {
    return this.userName.trim() || this.tokenUser;
  }

  /** When the latest answer shown came (ISO), for the printout and the summary. */
  private get lastCheckedAt(): string | undefined {
    const times = this.listed.map((p) => this.lookups.get(p.index)?.checkedAt).filter((t): t is string => !!t);
    return times.sort().at(-1);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeprint', this.beforePrint);
    window.addEventListener('afterprint', this.afterPrint);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeprint', this.beforePrint);
    window.removeEventListener('afterprint', this.afterPrint);
    clearTimeout(this.copiedTimer);
    clearTimeout(this.prepareTimer);
    this.prepareTimer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('wording')) this.w = mergeWording(this.wording);
  }

  private resetResults(): void {
    // `lookups` is not yet there when Lit applies a context set before construction finished.
    this.lookups?.reset();
    this.generation++;
    this.s = freshChildState();
    clearTimeout(this.prepareTimer);
    this.prepareTimer = undefined;
  }

  /** Adds closed sections' content a few people at a time, after the answer is on screen. */
  private prepareContent(): void {
    if (this.prepareTimer !== undefined) return;
    const step = () => {
      this.prepareTimer = undefined;
      const missing = this.listed.filter((p) => this.lookups.get(p.index)?.result && !this.prepared.has(p.index));
      if (missing.length === 0) return;
      this.prepared = new Set([...this.prepared, ...missing.slice(0, 4).map((p) => p.index)]);
      if (missing.length > 4) this.prepareTimer = setTimeout(step, 16);
    };
    this.prepareTimer = setTimeout(step, 16);
  }

  /** Everyone in the panel: the CMS's people, then people found by search. */
  private get everyone(): PersonInput[] {
    return [...(this._context?.people ?? []), ...(this.searched ?? [])];
  }

  private listedCache: { people: PersonInput[] | undefined; searched: PersonInput[]; listed: ListedPerson[] } | undefined;

  /** Everyone, youngest first (worked out again only when the people change). */
  private get listed(): ListedPerson[] {
    const people = this._context?.people;
    const cache = this.listedCache;
    if (cache && cache.people === people && cache.searched === this.searched) return cache.listed;
    const listed = youngestFirst(this.everyone);
    this.listedCache = { people, searched: this.searched, listed };
    return listed;
  }

  /**
   * Everyone in the order the panel shows them: once checked, people with involvements first, then possible
   * matches, not checked, not found, and people with nothing to say; youngest first within each.
   */
  private get ordered(): ListedPerson[] {
    const listed = this.listed;
    const results = listed.map((p) => this.lookups.get(p.index)?.result);
    const cache = this.orderedCache;
    if (
      cache &&
      cache.listed === listed &&
      cache.hidden === this.hiddenRecords &&
      cache.results.length === results.length &&
      cache.results.every((r, i) => r === results[i])
    ) {
      return cache.ordered;
    }
    const ordered = listed
      .map((p, i) => ({ p, i, r: personRank(results[i], this.hiddenFor(p.index)) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map(({ p }) => p);
    this.orderedCache = { listed, hidden: this.hiddenRecords, results, ordered };
    return ordered;
  }

  private orderedCache:
    | { listed: ListedPerson[]; hidden: Set<string>; results: Array<PersonResult | undefined>; ordered: ListedPerson[] }
    | undefined;

  /** "Who to call first" for the people shown, the same object while nothing it shows has changed. */
  private callListFor(shown: ListedPerson[]): CallList {
    const results = shown.map((p) => this.lookups.get(p.index)!.result!);
    const cache = this.callListCache;
    if (
      cache &&
      cache.w === this.w &&
      cache.hidden === this.hiddenRecords &&
      cache.results.length === results.length &&
      cache.results.every((r, i) => r === results[i] && cache.shown[i] === shown[i])
    ) {
      return cache.list;
    }
    const checked = shown.map(({ index, person }, i) => ({ index, person, result: results[i]!, hidden: this.hiddenFor(index) }));
    const list = callList(checked, this.w);
    this.callListCache = { w: this.w, hidden: this.hiddenRecords, results, shown, list };
    return list;
  }

  private callListCache:
    | { w: Wording; hidden: Set<string>; results: PersonResult[]; shown: ListedPerson[]; list: CallList }
    | undefined;

  private t(key: WordingKey, values?: Record<string, string | number>): string {
    return fill(this.w[key], values);
  }

  private async focusById(id: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`)?.focus();
  }

  // ---- checks -------------------------------------------------------------------------------------------

  private emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }

  private startCheck(people: ListedPerson[]): void {
    const context = this._context;
    const wanted = people.filter((p) => !this.lookups.isLoading(p.index));
    if (!context || wanted.length === 0) return;
    this.emit<FcCheckDetail>('fc-check', { people: wanted.map((p) => p.person) });
    this.liveMessage = this.w.checking;
    void this.lookups.check(context.child, wanted, this.reason || undefined);
  }

  private checkAll(): void {
    this.startCheck(this.listed);
  }

  private async retry(): Promise<void> {
    const failed = new Set(this.lookups.error?.indexes ?? []);
    this.startCheck(this.listed.filter((p) => failed.has(p.index)));
    // The error summary (and its button) goes away: keep focus in a sensible place.
    await this.focusById('fc-people-title');
  }

  private retryWithReason(): void {
    const reason = this.reasonDraft.trim();
    if (!reason) {
      this.reasonError = this.w.errorReason;
      void this.focusById('fc-reason');
      return;
    }
    this.reason = reason;
    this.reasonError = '';
    void this.retry();
  }

  private async checkSettled({ indexes, error }: CheckSettled): Promise<void> {
    // A summary copied before this check no longer says what the panel shows: the button offers a fresh copy.
    this.summaryState = undefined;
    const searchIndex = this.pendingSearch !== undefined && indexes.includes(this.pendingSearch) ? this.pendingSearch : undefined;
    if (searchIndex !== undefined) this.pendingSearch = undefined;
    if (searchIndex !== undefined && (error?.kind === 'reason-required' || error?.kind === 'rejected')) {
      // The server refused the search (a reason needed, a CMS id it does not know, someone the council's policy
      // does not allow): take the person off the list again, so they never stand in the way of the family's
      // checks, and say why in the form.
      this.searched = this.searched.filter((_, i) => i !== searchIndex - (this._context?.people.length ?? 0));
      this.lookups.forget(searchIndex);
      if (error.kind === 'reason-required') {
        const hadReason = this.searchNeedsReason || this.reasonRequired;
        this.searchNeedsReason = true;
        this.searchErrors = [
          { field: 'reason', message: hadReason && error.serverMessage ? error.serverMessage : this.w.errorReason },
        ];
      } else {
        this.searchErrors = [searchFieldError(error, this.errorText(error))];
      }
      this.liveMessage = '';
      await this.focusById('fc-search-errors');
      return;
    }
    if (error) {
      // Like GOV.UK's error summary, the problem takes focus, unless the user has gone elsewhere on the page.
      const focusWasHere = this.matches(':focus-within');
      this.liveMessage = focusWasHere ? '' : this.errorText(error);
      if (focusWasHere) await this.focusById('fc-error');
      return;
    }
    const people = this.everyone;
    const results = indexes.flatMap((i) => {
      const check = this.lookups.get(i);
      const person = people[i];
      return check?.state === 'done' && person ? [{ result: check.result, name: fullName(person) }] : [];
    });
    // One person: open their answer. Several: the overview lines say it all; sections open on demand.
    if (indexes.length === 1) this.open = new Set([...this.open, indexes[0]!]);
    this.liveMessage = this.announce(results);
    this.prepareContent();
    if (searchIndex !== undefined) {
      // Someone searched by CMS id alone: show them with the names the server found.
      const check = this.lookups.get(searchIndex);
      const at = searchIndex - (this._context?.people.length ?? 0);
      if (check?.state === 'done' && this.searched[at] && !this.searched[at]!.lastName) {
        this.searched = this.searched.map((p, i) => (i === at ? { ...check.result.person, ...p, firstName: check.result.person.firstName, lastName: check.result.person.lastName } : p));
      }
      this.searchOpen = false;
      this.searchValues = { ...EMPTY_SEARCH };
      this.searchErrors = [];
      await this.focusById(`fc-section-heading-${searchIndex}`);
    }
  }

  private announce(results: Array<{ result: PersonResult; name: string }>): string {
    if (results.length <= 3) return results.map((r) => announcement(r.result, r.name, this.w)).join(' ');
    const groups = results.map((r) => groupServices(r.result.services));
    const involved = groups.filter((g) => g.involved.length + g.possible.length > 0).length;
    const notChecked = groups.filter((g) => g.notChecked.length > 0).length;
    return this.t('liveMany', {
      count: results.length,
      involved,
      notChecked: notChecked ? this.t('liveManyNotChecked', { count: notChecked }) : '',
    });
  }

  private errorText(error: LookupError): string {
    const text = this.t(ERROR_WORDING[error.kind]);
    return SERVER_WORDS_SHOWN.has(error.kind) && error.serverMessage ? `${error.serverMessage} ${text}` : text;
  }

  // ---- accordion ----------------------------------------------------------------------------------------

  private toggleSection(index: number, open = !this.open.has(index)): void {
    const next = new Set(this.open);
    if (open) next.add(index);
    else next.delete(index);
    this.open = next;
    this.emit<FcSectionToggleDetail>('fc-section-toggle', { person: this.everyone[index], open });
  }

  private toggleAll(indexes: number[]): void {
    const open = !indexes.every((i) => this.open.has(i));
    this.open = new Set(open ? indexes : []);
    this.emit<FcSectionToggleDetail>('fc-section-toggle', { person: undefined, open });
  }

  // ---- copy, summary, print -----------------------------------------------------------------------------

  private async writeClipboard(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }

  private async copy(key: string, text: string, what: string): Promise<void> {
    const ok = await this.writeClipboard(text);
    this.copiedKey = { key, ok };
    this.liveMessage = ok ? this.t('copiedMessage', { what }) : this.w.copyFailed;
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copiedKey = undefined), COPIED_MS);
  }

  private summaryEntries(): SummaryEntry[] {
    return this.ordered.flatMap(({ index, person }) => {
      const check = this.lookups.get(index);
      return check?.result
        ? [{ person, result: check.result, checkedAt: check.checkedAt ?? '', hidden: this.hiddenFor(index) }]
        : [];
    });
  }

  private summaryText(): string {
    const child = this._context?.child;
    if (!child) return '';
    const unchecked = this.ordered.filter(({ index }) => !this.lookups.get(index)?.result).map(({ person }) => person);
    return caseNoteSummary(child, this.summaryEntries(), {
      unchecked,
      unreadable: this._context?.unreadable ?? 0,
      relationshipsNotFound: this._context?.relationships === 'not-found',
      user: this.user,
      marking: this.protectiveMarking,
      policeDetail: this.policeDetail === 'offences' ? 'offences' : 'involved',
    });
  }

  private async copySummary(): Promise<void> {
    const ok = await this.writeClipboard(this.summaryText());
    this.summaryState = ok ? 'copied' : 'fallback';
    this.liveMessage = ok ? this.w.summaryCopied : this.w.summaryFallback;
    if (!ok) {
      await this.updateComplete;
      const area = this.renderRoot.querySelector<HTMLTextAreaElement>('#fc-summary-text');
      area?.focus();
      area?.select();
    }
  }

  private readonly beforePrint = (): void => {
    this.printing = true;
    this.prepared = new Set(this.listed.map((p) => p.index));
    this.performUpdate(); // synchronously: print layout happens before any microtask when window.print() is called
    this.openedForPrint = [...this.renderRoot.querySelectorAll<HTMLDetailsElement>('details:not([open])')];
    for (const d of this.openedForPrint) d.open = true;
  };

  private readonly afterPrint = (): void => {
    for (const d of this.openedForPrint) d.open = false;
    this.openedForPrint = [];
    this.printing = false;
  };

  private print(): void {
    window.print();
  }

  // ---- feedback -----------------------------------------------------------------------------------------

  private recordKeyFor(index: number, service: ServiceResult, record: InvolvementRecord): string {
    return `${index}|${service.service}|${record.ref}`;
  }

  /** Whether the user said this record (shown for person `index`) was "Not this person". */
  private hiddenFor(index: number): HiddenRecord {
    return (service, record) =>
      this.hiddenRecords.size > 0 && this.hiddenRecords.has(this.recordKeyFor(index, service, record));
  }

  private setFeedback(key: string, value: FeedbackState | undefined): void {
    const next = new Map(this.feedbackStates);
    if (value) next.set(key, value);
    else next.delete(key);
    this.feedbackStates = next;
  }

  private async sendFeedbackFor(
    kind: 'not-this-person' | 'information-wrong',
    index: number,
    service: ServiceResult,
    record: InvolvementRecord,
  ): Promise<void> {
    const context = this._context;
    const person = this.everyone[index];
    if (!context || !person) return;
    const key = this.recordKeyFor(index, service, record);
    const previous = this.feedbackStates.get(key);
    const comment = kind === 'information-wrong' && previous && 'comment' in previous ? previous.comment : undefined;
    const generation = this.generation;
    this.setFeedback(key, { step: 'sending', kind, comment });
    try {
      await sendFeedback(
        { apiBase: this.apiBase ?? '', getToken: this.getToken },
        { kind, person, child: context.child, service: service.service, recordRef: record.ref, ...(comment ? { comment } : {}) },
      );
      if (generation !== this.generation) return;
      if (kind === 'not-this-person') this.hiddenRecords = new Set([...this.hiddenRecords, key]);
      this.setFeedback(key, { step: 'sent', kind });
      this.liveMessage = kind === 'not-this-person' ? this.w.notThisPersonDone : this.w.looksWrongDone;
      await this.focusById(feedbackId(key, 'done'));
    } catch (caught) {
      if (generation !== this.generation) return;
      const error = caught instanceof LookupError ? caught : new LookupError('bad-response');
      this.setFeedback(key, { step: 'failed', kind, message: this.errorText(error), comment });
    }
  }

  /** What one person's results need from the panel (see person-results.ts). */
  private viewFor(index: number): ResultsView {
    const key = (service: ServiceResult, record: InvolvementRecord) => this.recordKeyFor(index, service, record);
    return {
      w: this.w,
      hidden: this.hiddenFor(index),
      recordKey: key,
      feedback: (k) => this.feedbackStates.get(k),
      copied: (k) => (this.copiedKey?.key === k ? (this.copiedKey.ok ? 'ok' : 'failed') : undefined),
      copy: (k, text, what) => void this.copy(k, text, what),
      notThisPerson: (service, record) => void this.sendFeedbackFor('not-this-person', index, service, record),
      openLooksWrong: (service, record) => {
        this.setFeedback(key(service, record), { step: 'form', comment: '' });
        void this.focusById(feedbackId(key(service, record), 'comment'));
      },
      setComment: (k, comment) => {
        const current = this.feedbackStates.get(k);
        if (current && 'comment' in current) current.comment = comment; // kept without re-rendering while typing
      },
      sendLooksWrong: (service, record) => void this.sendFeedbackFor('information-wrong', index, service, record),
      cancelLooksWrong: (service, record) => {
        this.setFeedback(key(service, record), undefined);
        void this.focusById(feedbackId(key(service, record), 'button'));
      },
    };
  }

  // ---- search -------------------------------------------------------------------------------------------

  private get reasonShown(): boolean {
    return this.reasonRequired || this.searchNeedsReason;
  }

  private toggleSearch(): void {
    this.searchOpen = !this.searchOpen;
    if (this.searchOpen) void this.focusById('fc-search-surname');
  }

  private setSearchValue(field: keyof SearchValues, value: string): void {
    this.searchValues = { ...this.searchValues, [field]: value };
  }

  private submitSearch(): void {
    if (this.pendingSearch !== undefined || !this._context) return;
    const outcome = validateSearch(this.searchValues, { reasonShown: this.reasonShown, wording: this.w });
    if (!outcome.ok) {
      this.searchErrors = outcome.errors;
      void this.focusById('fc-search-errors');
      return;
    }
    this.searchErrors = [];
    if (outcome.reason) this.reason = outcome.reason;
    const index = this.everyone.length;
    this.searched = [...this.searched, outcome.person];
    this.pendingSearch = index;
    this.startCheck([{ index, person: outcome.person }]);
  }

  // ---- rendering ----------------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const context = this._context;
    const w = this.w;
    return html`
      <section class="panel ${this.printing ? 'panel--printing' : ''}" part="panel" aria-labelledby="fc-title">
        ${this.printing && context ? this.renderPrintHeading(context) : nothing}
        <header class="header" part="header">
          <slot name="logo">${this.renderLogo()}</slot>
          <div>
            <h2 id="fc-title">${w.title}</h2>
            ${context
              ? html`<p class="child">
                  ${w.childLabel} <strong>${fullName(context.child)}</strong>${context.child.cmsId
                    ? html` <span class="meta">· ${w.cmsId} ${context.child.cmsId}</span>`
                    : nothing}
                </p>`
              : nothing}
          </div>
        </header>
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.liveMessage}</div>
        ${context?.relationships === 'waiting'
          ? html`<p class="waiting" part="waiting" role="status" aria-live="polite">${w.relationshipsWaiting}</p>`
          : context && context.people.length + this.searched.length > 0
          ? html`${this.renderError()} ${this.renderPeople(context)} ${this.renderSearch()} ${this.renderSources()}`
          : html`${this.renderEmpty(context)} ${context ? this.renderSearch() : nothing}`}
      </section>
    `;
  }

  /** Only on paper: the marking, the child, when checked, when printed and by whom. */
  private renderPrintHeading(context: FamilyContext): TemplateResult {
    const checkedAt = this.lastCheckedAt;
    const user = this.user;
    const printed = formatDateTime(new Date().toISOString());
    return html`<div class="print-only print-heading">
      ${this.protectiveMarking.trim() ? html`<p class="marking"><strong>${this.protectiveMarking.trim()}</strong></p>` : nothing}
      <p>
        ${this.t('printedHeading', { child: fullName(context.child) })}
        ${checkedAt ? this.t('printedChecked', { date: formatDateTime(checkedAt) }) : this.w.printedNotChecked}
        ${user ? this.t('printedAtBy', { date: printed, user }) : this.t('printedAt', { date: printed })}
        ${this.w.printedPersonal}
      </p>
    </div>`;
  }

  private renderLogo(): TemplateResult {
    return this.logoSrc
      ? html`<img class="logo logo--img" part="logo" src=${this.logoSrc} alt=${this.logoAlt} />`
      : html`<span class="logo logo--css" part="logo" aria-hidden="true"></span>`;
  }

  private renderEmpty(context: FamilyContext | undefined): TemplateResult {
    return html`<div class="empty" part="empty">
      <p><strong>${this.w.noPeople}</strong></p>
      <p>${context ? this.t('noPeopleForChild', { child: fullName(context.child) }) : this.w.noContext}</p>
      ${context ? this.renderUnreadable(context) : nothing}
    </div>`;
  }

  private renderError(): TemplateResult | typeof nothing {
    const problem = this.lookups.error;
    if (!problem) return nothing;
    const w = this.w;
    const names = listOf(this.listed.filter((p) => problem.indexes.includes(p.index)).map((p) => fullName(p.person)));
    const needsReason = problem.error.kind === 'reason-required';
    return html`<div id="fc-error" class="error-summary" part="error" tabindex="-1" aria-labelledby="fc-error-title">
      <h3 id="fc-error-title">${w.errorTitle}</h3>
      <p>${this.errorText(problem.error)}</p>
      ${needsReason && problem.error.serverMessage ? html`<p>${problem.error.serverMessage}</p>` : nothing}
      <p class="small">${this.t('notCheckedPeople', { names })}</p>
      ${needsReason
        ? html`${reasonField(this.w, 'fc-reason', this.reasonDraft, this.reasonError, (v) => (this.reasonDraft = v))}
            <button class="button" part="retry-button" type="button" @click=${this.retryWithReason}>
              ${w.checkWithReason}
            </button>`
        : html`<button class="button" part="retry-button" type="button" @click=${this.retry}>${w.tryAgain}</button>`}
    </div>`;
  }

  private renderToolbar(listed: ListedPerson[], anyResult: boolean): TemplateResult {
    const w = this.w;
    const allLoading = listed.every((p) => this.lookups.isLoading(p.index));
    return html`<div class="toolbar" part="toolbar">
        <button
          class="button"
          part="check-all-button"
          type="button"
          aria-disabled=${allLoading ? 'true' : 'false'}
          @click=${this.checkAll}
        >
          ${w.checkAll}<span class="visually-hidden"> ${listed.length} ${listed.length === 1 ? 'person' : 'people'}</span>
        </button>
        ${anyResult
          ? html`<button class="small-button toolbar-button" part="summary-button" type="button" @click=${this.copySummary}>
                ${this.summaryState === 'copied' ? w.copied : w.copySummary}
              </button>
              <button class="small-button toolbar-button" part="print-button" type="button" @click=${this.print}>
                ${w.print}
              </button>`
          : nothing}
      </div>
      ${this.summaryState === 'copied' ? html`<p class="confirmation">${w.summaryCopied}</p>` : nothing}
      ${this.summaryState === 'fallback'
        ? html`<div class="form-group">
            <label class="label" for="fc-summary-text">${w.summaryFallback}</label>
            <textarea id="fc-summary-text" rows="8" readonly .value=${this.summaryText()}></textarea>
          </div>`
        : nothing}`;
  }

  private renderPeople(context: FamilyContext): TemplateResult {
    const listed = this.ordered;
    const shown = listed.filter((p) => this.lookups.get(p.index)?.result);
    const indexes = shown.map((p) => p.index);
    const allOpen = indexes.length > 0 && indexes.every((i) => this.open.has(i));
    return html`
      ${this.renderToolbar(listed, shown.length > 0)}
      ${shown.length ? this.renderWhoToCall(shown) : nothing}
      <div class="people-heading">
        <h3 id="fc-people-title" tabindex="-1">${this.t('peopleTitle', { child: fullName(context.child) })}</h3>
        ${shown.length
          ? html`<button
              class="link-button"
              part="show-all-button"
              type="button"
              aria-expanded=${allOpen ? 'true' : 'false'}
              @click=${() => this.toggleAll(indexes)}
            >
              ${allOpen ? this.w.hideAll : this.w.showAll}
            </button>`
          : nothing}
      </div>
      ${this.renderUnreadable(context)}
      <ul class="people" part="people" aria-labelledby="fc-people-title">
        ${listed.map((p) => this.renderPerson(p))}
      </ul>
    `;
  }

  private renderWhoToCall(shown: ListedPerson[]): TemplateResult {
    return html`<fc-who-to-call
      .list=${this.callListFor(shown)}
      .wording=${this.w}
      .copied=${this.copiedKey}
      @fc-copy=${(e: CustomEvent<FcCopyDetail>) => void this.copy(e.detail.key, e.detail.text, e.detail.what)}
    ></fc-who-to-call>`;
  }

  /** People on the page the host could not read: never listed, so said, lest "Check all" read as the whole family. */
  private renderUnreadable(context: FamilyContext): TemplateResult | typeof nothing {
    const notFound =
      context.relationships === 'not-found'
        ? html`<p class="unreadable" part="relationships-not-found">
            <strong>${this.t('relationshipsNotFound', { child: fullName(context.child) })}</strong>
          </p>`
        : nothing;
    return html`${notFound}${this.renderUnreadableCount(context)}`;
  }

  private renderUnreadableCount(context: FamilyContext): TemplateResult | typeof nothing {
    const count = context.unreadable ?? 0;
    if (!(count > 0)) return nothing;
    return html`<p class="unreadable" part="unreadable">
      <strong>${this.t(count === 1 ? 'unreadableOne' : 'unreadableMany', { count, child: fullName(context.child) })}</strong>
    </p>`;
  }

  private renderPerson({ person, index }: ListedPerson): TemplateResult {
    const w = this.w;
    const check = this.lookups.get(index);
    const result = check?.result;
    const name = fullName(person);
    const open = this.open.has(index) || this.printing;
    const headingId = `fc-section-heading-${index}`;
    const contentId = `fc-section-content-${index}`;
    const searchedPerson = index >= (this._context?.people.length ?? 0);
    const relationship = person.relationship ?? (searchedPerson ? w.foundBySearch : undefined);
    const title = html`<span class="person-name"
      >${name}${relationship ? html`<span class="relationship">, ${relationship}</span>` : nothing}</span
    >`;
    const address = formatAddress(person);
    const stateText = check?.state === 'loading' ? w.checking : check?.state === 'failed' ? w.checkFailed : '';
    return html`<li class="person ${open && result ? 'person--open' : ''}" part="person${check ? ' section' : ''}">
      <div class="person-head">
        <h4 class="person-heading">
          ${result
            ? html`<button
                id=${headingId}
                class="section-button"
                part="section-button"
                type="button"
                aria-expanded=${open ? 'true' : 'false'}
                aria-controls=${contentId}
                @click=${() => this.toggleSection(index)}
              >
                ${title}<span class="toggle" aria-hidden="true"
                  ><span class="chevron"></span>${open ? w.hide : w.show}</span
                >
              </button>`
            : title}
        </h4>
        <button
          class="${result ? 'small-button' : 'button button--secondary'} check-button"
          part="check-button"
          type="button"
          aria-disabled=${check?.state === 'loading' ? 'true' : 'false'}
          @click=${() => this.startCheck([{ index, person }])}
        >
          ${w.check}<span class="visually-hidden"> ${name}</span>${result ? ` ${w.again}` : ''}
        </button>
      </div>
      <p class="meta">
        <span>${formatAgeAndBirth(person.dateOfBirth)}</span>${person.cmsId
          ? html` <span>· ${w.cmsId} ${person.cmsId}</span>`
          : nothing}${address ? html` <span>· ${address}</span>` : nothing}
      </p>
      ${stateText ? html`<p class="person-state">${stateText}</p>` : nothing}
      ${result ? this.renderOverview(index, result) : nothing}
      ${result
        ? html`<div
            id=${contentId}
            class="section-content"
            role="region"
            aria-labelledby=${headingId}
            hidden=${open ? nothing : 'until-found'}
            @beforematch=${() => this.toggleSection(index, true)}
          >
            ${open || this.prepared.has(index) ? renderPersonResult(this.viewFor(index), result) : nothing}
          </div>`
        : nothing}
    </li>`;
  }

  private renderOverview(index: number, result: PersonResult): TemplateResult {
    const parts = overviewParts(groupServices(result.services, this.hiddenFor(index)), this.w);
    return html`<p class="overview" part="overview">
      ${parts.length === 0
        ? this.w.noServices
        : parts.map(
            (p, i) =>
              html`${i > 0 ? ' · ' : ''}<span class="overview-part overview-part--${p.kind}"
                  >${p.kind === 'notChecked' ? html`<span class="warning-icon" aria-hidden="true"></span>` : nothing}<strong
                    class="tag tag--${TAG_CLASS[p.kind]}"
                    >${p.label.replace(/:$/, '')}</strong
                  ><span class="visually-hidden">:</span>
                  ${itemsText(p.items)}</span
                >`,
          )}
    </p>`;
  }

  /** The search, a new element for each child (`keyed`): nothing typed for one child survives to the next. */
  private renderSearch(): TemplateResult {
    return html`${keyed(
      this.generation,
      html`<fc-search-form
        .open=${this.searchOpen}
        .values=${this.searchValues}
        .errors=${this.searchErrors}
        .reasonShown=${this.reasonShown}
        .wording=${this.w}
        @fc-search-toggle=${this.toggleSearch}
        @fc-search-input=${(e: CustomEvent<FcSearchInputDetail>) => this.setSearchValue(e.detail.field, e.detail.value)}
        @fc-search-submit=${this.submitSearch}
      ></fc-search-form>`,
    )}`;
  }

  private renderSources(): TemplateResult | typeof nothing {
    const sources = new Map<string, { label: string; source: SourceInfo }>();
    for (const { index } of this.listed) {
      for (const s of this.lookups.get(index)?.result?.services ?? []) {
        if (s.status === 'not-applicable' && !s.source.lastUpdated) continue;
        sources.set(`${s.service}|${JSON.stringify(s.source)}`, { label: s.label, source: s.source });
      }
    }
    if (sources.size === 0) return nothing;
    return html`<details class="sources" part="sources">
      <summary>${this.w.aboutSources}</summary>
      <dl class="summary-list">
        ${[...sources.values()].map(
          ({ label, source }) => html`<div class="summary-row">
            <dt>${label}</dt>
            <dd>${sourceInWords(source)}${source.notes ? html`<span class="line small">${source.notes}</span>` : nothing}</dd>
          </div>`,
        )}
      </dl>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'family-context-panel': FamilyContextPanel;
  }
  interface HTMLElementEventMap {
    'fc-check': CustomEvent<FcCheckDetail>;
    'fc-section-toggle': CustomEvent<FcSectionToggleDetail>;
  }
}
