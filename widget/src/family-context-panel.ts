/**
 * `<family-context-panel>`: for each person linked to a child, which services (School, Adult Social Care,
 * Housing, Police...) are or were involved, whom to contact, and how far to trust the answer.
 *
 * It knows nothing about any CMS: a host shim sets `context` (the child and the people linked to them) and
 * `getToken` (the user's access token for the Family Context API), and optionally `apiBase`.
 * Nothing personal is stored in the browser: answers live only in this element's memory.
 *
 * @fires fc-check - The user asked for a check (a "Check" button, "Check all" or "Try again").
 *   `detail: { people: PersonInput[] }`. Bubbles, composed.
 * @fires fc-section-toggle - The user opened or closed a person's section (or all of them).
 *   `detail: { person: PersonInput | undefined, open: boolean }` (`person` undefined for "Show/Hide all sections").
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
 * @cssprop [--fc-error-colour=#d4351c] - Error summary border.
 * @cssprop [--fc-padding=15px] - Space inside the panel.
 *
 * @csspart panel - The whole panel.
 * @csspart header - "Family context" and the child's name.
 * @csspart people - The list of people.
 * @csspart person - One person in the list.
 * @csspart check-button - A person's "Check" button.
 * @csspart check-all-button - The "Check all" button.
 * @csspart error - The error summary.
 * @csspart retry-button - The error summary's "Try again" button.
 * @csspart results - The results accordion.
 * @csspart show-all-button - "Show all sections" / "Hide all sections".
 * @csspart section - One person's accordion section.
 * @csspart section-button - The button that opens and closes a section.
 * @csspart overview - A section's one-line overview ("Involved: Police · Not found in: Housing").
 * @csspart service - One service's block.
 * @csspart not-checked - The block of services that could not be checked.
 * @csspart no-records - The block of services searched with nothing found.
 * @csspart not-applicable - The block of services not shown for this person.
 * @csspart source - A source line (name, last updated, period, area).
 * @csspart empty - The message shown when there are no people.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type {
  InvolvementRecord,
  PersonInput,
  PersonResult,
  ServiceResult,
  SourceInfo,
} from '../../server/src/api/contract.js';
import { panelStyles } from './family-context-panel.styles.js';
import { formatAgeAndBirth, formatDate, fullName, listOf } from './format.js';
import type { TokenProvider } from './involvements-client.js';
import { InvolvementsController, type CheckSettled } from './involvements-controller.js';
import { basisInWords, detailLabel, formatDetail, involvementLabel } from './labels.js';
import { youngestFirst, type ListedPerson } from './people.js';
import { announcement, groupServices, isPossible, NO_SERVICES, overviewParts } from './service-groups.js';

/** What a host shim gives the panel: the child whose record is open and the people linked to them. */
export interface FamilyContext {
  child: PersonInput;
  people: PersonInput[];
}

export interface FcCheckDetail {
  people: PersonInput[];
}

export interface FcSectionToggleDetail {
  person: PersonInput | undefined;
  open: boolean;
}

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
    const key = value ? JSON.stringify([value.child, value.people]) : '';
    const changed = key !== this._contextKey || (value === undefined) !== (this._context === undefined);
    this._context = value;
    this._contextKey = key;
    if (changed) this.resetResults();
  }

  /** Returns an access token for the Family Context API; called with `{ forceRefresh: true }` after a 401. */
  @property({ attribute: false })
  getToken: TokenProvider | undefined;

  /** Where the Family Context API is: requests go to `${apiBase}/api/v1/involvements`. */
  @property({ attribute: 'api-base' })
  apiBase = '';

  /** Indexes (in `context.people`) of open accordion sections. */
  @state() private open = new Set<number>();
  /** Text of the polite live region. */
  @state() private liveMessage = '';

  private readonly lookups = new InvolvementsController(this, {
    config: () => ({ apiBase: this.apiBase ?? '', getToken: this.getToken }),
    onSettled: (settled) => void this.checkSettled(settled),
  });

  private resetResults(): void {
    // `lookups` is not yet there when Lit applies a context set before construction finished.
    this.lookups?.reset();
    this.open = new Set();
    this.liveMessage = '';
  }

  private get listed(): ListedPerson[] {
    return youngestFirst(this._context?.people ?? []);
  }

  // ---- user actions -------------------------------------------------------------------------------------

  private emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }

  private startCheck(people: ListedPerson[]): void {
    const context = this._context;
    const wanted = people.filter((p) => !this.lookups.isLoading(p.index));
    if (!context || wanted.length === 0) return;
    this.emit<FcCheckDetail>('fc-check', { people: wanted.map((p) => p.person) });
    this.liveMessage = 'Checking…';
    void this.lookups.check(context.child, wanted);
  }

  private checkPerson(listed: ListedPerson): void {
    this.startCheck([listed]);
  }

  private checkAll(): void {
    this.startCheck(this.listed);
  }

  private async retry(): Promise<void> {
    const failed = new Set(this.lookups.error?.indexes ?? []);
    this.startCheck(this.listed.filter((p) => failed.has(p.index)));
    // The error summary (and its button) goes away: keep focus in a sensible place.
    await this.updateComplete;
    const target =
      this.renderRoot.querySelector<HTMLElement>('#fc-results-title') ??
      this.renderRoot.querySelector<HTMLElement>('#fc-people-title');
    target?.focus();
  }

  private toggleSection(index: number, open = !this.open.has(index)): void {
    const next = new Set(this.open);
    if (open) next.add(index);
    else next.delete(index);
    this.open = next;
    this.emit<FcSectionToggleDetail>('fc-section-toggle', { person: this._context?.people[index], open });
  }

  private toggleAll(indexes: number[]): void {
    const open = !indexes.every((i) => this.open.has(i));
    this.open = new Set(open ? indexes : []);
    this.emit<FcSectionToggleDetail>('fc-section-toggle', { person: undefined, open });
  }

  private async checkSettled({ indexes, error }: CheckSettled): Promise<void> {
    if (error) {
      // Like GOV.UK's error summary, the problem takes focus, unless the user has gone elsewhere on the page.
      const focusWasHere = this.matches(':focus-within');
      this.liveMessage = focusWasHere ? '' : error.message;
      await this.updateComplete;
      if (focusWasHere) this.renderRoot.querySelector<HTMLElement>('#fc-error')?.focus();
      return;
    }
    const people = this._context?.people ?? [];
    const results = indexes.flatMap((i) => {
      const check = this.lookups.get(i);
      const person = people[i];
      return check?.state === 'done' && person ? [{ result: check.result, name: fullName(person) }] : [];
    });
    const next = new Set(this.open);
    for (const i of indexes) next.add(i);
    this.open = next;
    this.liveMessage = this.announce(results);
  }

  private announce(results: Array<{ result: PersonResult; name: string }>): string {
    if (results.length <= 3) return results.map((r) => announcement(r.result, r.name)).join(' ');
    const groups = results.map((r) => groupServices(r.result.services));
    const involved = groups.filter((g) => g.involved.length + g.possible.length > 0).length;
    const notChecked = groups.filter((g) => g.notChecked.length > 0).length;
    return (
      `Results for ${results.length} people: ${involved} involved with at least one service` +
      (notChecked ? `; ${notChecked} with services not checked.` : '.')
    );
  }

  // ---- rendering ----------------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const context = this._context;
    return html`
      <section class="panel" part="panel" aria-labelledby="fc-title">
        <header class="header" part="header">
          <h2 id="fc-title">Family context</h2>
          ${context
            ? html`<p class="child">Child: <strong>${fullName(context.child)}</strong></p>`
            : nothing}
        </header>
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.liveMessage}</div>
        ${context && context.people.length > 0
          ? html`${this.renderError()} ${this.renderPeople(context)} ${this.renderResults()}`
          : this.renderEmpty(context)}
      </section>
    `;
  }

  private renderEmpty(context: FamilyContext | undefined): TemplateResult {
    return html`<div class="empty" part="empty">
      <p><strong>No people on this page.</strong></p>
      <p>
        ${context
          ? `No people linked to ${fullName(context.child)} were found on this page. People linked to the child in the case record are listed here.`
          : "Open a child's record to see the people linked to them."}
      </p>
    </div>`;
  }

  private renderError(): TemplateResult | typeof nothing {
    const problem = this.lookups.error;
    if (!problem) return nothing;
    const names = this.listed.filter((p) => problem.indexes.includes(p.index)).map((p) => fullName(p.person));
    return html`<div
      id="fc-error"
      class="error-summary"
      part="error"
      tabindex="-1"
      aria-labelledby="fc-error-title"
    >
      <h3 id="fc-error-title">There is a problem</h3>
      <p>${problem.error.message}</p>
      <p class="small">Not checked: ${listOf(names)}</p>
      <button class="button" part="retry-button" type="button" @click=${this.retry}>Try again</button>
    </div>`;
  }

  private renderPeople(context: FamilyContext): TemplateResult {
    const listed = this.listed;
    const allLoading = listed.every((p) => this.lookups.isLoading(p.index));
    return html`
      <h3 id="fc-people-title" tabindex="-1">People linked to ${fullName(context.child)}</h3>
      <div class="people-actions">
        <button
          class="button"
          part="check-all-button"
          type="button"
          aria-disabled=${allLoading ? 'true' : 'false'}
          @click=${this.checkAll}
        >
          Check all<span class="visually-hidden"> ${listed.length} ${listed.length === 1 ? 'person' : 'people'}</span>
        </button>
      </div>
      <ul class="people" part="people" aria-labelledby="fc-people-title">
        ${listed.map((p) => this.renderPerson(p))}
      </ul>
    `;
  }

  private renderPerson(listed: ListedPerson): TemplateResult {
    const { person, index } = listed;
    const check = this.lookups.get(index);
    const name = fullName(person);
    const stateText =
      check?.state === 'loading' ? 'Checking…' : check?.state === 'failed' ? 'Not checked: the check failed' : '';
    return html`<li class="person" part="person">
      <div class="person-text">
        <p class="person-name">
          ${name}${person.relationship
            ? html`<span class="relationship">, ${person.relationship}</span>`
            : nothing}
        </p>
        <p class="meta">${formatAgeAndBirth(person.dateOfBirth)}</p>
        ${person.cmsId ? html`<p class="meta">CMS id: ${person.cmsId}</p>` : nothing}
        ${stateText ? html`<p class="person-state">${stateText}</p>` : nothing}
      </div>
      <button
        class="button button--secondary"
        part="check-button"
        type="button"
        aria-disabled=${check?.state === 'loading' ? 'true' : 'false'}
        @click=${() => this.checkPerson(listed)}
      >
        Check<span class="visually-hidden"> ${name}</span>${check?.result ? ' again' : ''}
      </button>
    </li>`;
  }

  private renderResults(): TemplateResult | typeof nothing {
    const shown = this.listed.filter((p) => this.lookups.get(p.index)?.result || this.lookups.isLoading(p.index));
    if (shown.length === 0) return nothing;
    const indexes = shown.map((p) => p.index);
    const allOpen = indexes.every((i) => this.open.has(i));
    return html`<div class="results" part="results">
      <h3 id="fc-results-title" tabindex="-1">Results</h3>
      <div class="accordion-controls">
        <button
          class="link-button"
          part="show-all-button"
          type="button"
          aria-expanded=${allOpen ? 'true' : 'false'}
          @click=${() => this.toggleAll(indexes)}
        >
          ${allOpen ? 'Hide all sections' : 'Show all sections'}
        </button>
      </div>
      ${shown.map((p) => this.renderSection(p))}
    </div>`;
  }

  private renderSection({ person, index }: ListedPerson): TemplateResult {
    const check = this.lookups.get(index);
    const result = check?.result;
    const open = this.open.has(index);
    const headingId = `fc-section-heading-${index}`;
    const contentId = `fc-section-content-${index}`;
    const loading = check?.state === 'loading';
    return html`<div class="section ${open ? 'section--open' : ''}" part="section">
      <h4 class="section-heading">
        <button
          id=${headingId}
          class="section-button"
          part="section-button"
          type="button"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${contentId}
          @click=${() => this.toggleSection(index)}
        >
          <span class="section-title"
            >${fullName(person)}${person.relationship
              ? html`<span class="relationship">, ${person.relationship}</span>`
              : nothing}</span
          >
          <span class="toggle" aria-hidden="true"><span class="chevron"></span>${open ? 'Hide' : 'Show'}</span>
        </button>
      </h4>
      <p class="overview" part="overview">${loading ? 'Checking…' : result ? this.renderOverview(result) : nothing}</p>
      <div
        id=${contentId}
        class="section-content"
        role="region"
        aria-labelledby=${headingId}
        hidden=${open ? nothing : 'until-found'}
        @beforematch=${() => this.toggleSection(index, true)}
      >
        ${result ? this.renderPersonResult(result) : html`<p>Checking…</p>`}
      </div>
    </div>`;
  }

  private renderOverview(result: PersonResult): TemplateResult | string {
    const parts = overviewParts(groupServices(result.services));
    if (parts.length === 0) return NO_SERVICES;
    return html`${parts.map(
      (p, i) =>
        html`${i > 0 ? ' · ' : ''}<span class="overview-part overview-part--${p.kind}"
            ><strong>${p.label}</strong> ${p.services}</span
          >`,
    )}`;
  }

  private renderPersonResult(result: PersonResult): TemplateResult {
    const groups = groupServices(result.services);
    return html`
      ${[...groups.involved, ...groups.possible].map((s) => this.renderService(s))}
      ${groups.notChecked.length
        ? html`<section class="service service--not-checked" part="not-checked">
            <h5 class="warning">
              <span class="warning-icon" aria-hidden="true">!</span>
              <span><span class="visually-hidden">Warning: </span>Not checked: ${listOf(groups.notChecked.map((s) => s.label))}</span>
            </h5>
            <p class="small">These could not be searched, so there may be records. Check them another way.</p>
            ${this.renderGroupList(groups.notChecked)}
          </section>`
        : nothing}
      ${groups.noRecords.length
        ? html`<section class="service service--no-records" part="no-records">
            <h5>Not found in: ${listOf(groups.noRecords.map((s) => s.label))}</h5>
            ${this.renderGroupList(groups.noRecords)}
          </section>`
        : nothing}
      ${groups.notApplicable.length
        ? html`<section class="service service--not-applicable" part="not-applicable">
            <h5>Not shown: ${listOf(groups.notApplicable.map((s) => s.label))}</h5>
            ${this.renderGroupList(groups.notApplicable, false)}
          </section>`
        : nothing}
    `;
  }

  private renderGroupList(services: ServiceResult[], withSource = true): TemplateResult {
    return html`<ul class="group-list">
      ${services.map(
        (s) => html`<li>
          <p><strong>${s.label}:</strong> ${s.explanation}</p>
          ${withSource ? this.renderSource(s.source) : nothing}
        </li>`,
      )}
    </ul>`;
  }

  private renderService(service: ServiceResult): TemplateResult {
    const sure = service.records.filter((r) => !isPossible(r));
    const possible = service.records.filter(isPossible);
    return html`<section class="service service--involved" part="service">
      <h5>${service.label}</h5>
      ${service.source.stale ? this.renderStale(service.source) : nothing}
      ${sure.map((r) => this.renderRecord(service, r))}
      ${possible.map(
        (r) => html`<details class="possible">
          <summary>Possible match — check before relying on this</summary>
          <p class="small">
            This may not be the same person. Matched only on: ${basisInWords(r.match.basis)}.
          </p>
          ${this.renderRecord(service, r, false)}
        </details>`,
      )}
      ${this.renderSource(service.source)}
    </section>`;
  }

  private renderStale(source: SourceInfo): TemplateResult {
    return html`<p class="warning">
      <span class="warning-icon" aria-hidden="true">!</span>
      <span
        ><span class="visually-hidden">Warning: </span>This information may be out of date${source.lastUpdated
          ? html`: it was last updated on ${formatDate(source.lastUpdated)}`
          : nothing}.</span
      >
    </p>`;
  }

  private renderRecord(service: ServiceResult, record: InvolvementRecord, showBasis = true): TemplateResult {
    const rows: Array<[string, unknown]> = [];
    if (service.showsInvolvement) rows.push(['Involvement', involvementLabel(record.involvement)]);
    if (record.organisation) rows.push(['Organisation', record.organisation]);
    const contact = record.contact ?? {};
    const who = [contact.name, contact.role].filter(Boolean).join(', ');
    if (who) rows.push(['Contact', who]);
    if (contact.phone) {
      rows.push(['Phone', html`<a href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a>`]);
    }
    if (contact.email) rows.push(['Email', html`<a href="mailto:${contact.email}">${contact.email}</a>`]);
    const dates = [
      record.startDate && `Started ${formatDate(record.startDate)}`,
      record.endDate && `Ended ${formatDate(record.endDate)}`,
      record.lastContact && `Last contact ${formatDate(record.lastContact)}`,
    ].filter(Boolean);
    if (dates.length) rows.push(['Dates', dates.map((d) => html`<span class="line">${d}</span>`)]);
    for (const [key, value] of Object.entries(record.details ?? {})) {
      if (value === undefined || value === null || value === '') continue;
      const shown = formatDetail(value);
      rows.push([
        detailLabel(key),
        Array.isArray(shown)
          ? shown.length
            ? html`<ul>
                ${shown.map((item) => html`<li>${item}</li>`)}
              </ul>`
            : 'None'
          : shown,
      ]);
    }
    return html`<div class="record">
      <dl class="summary-list">
        ${rows.map(([label, value]) => html`<div class="summary-row"><dt>${label}</dt> <dd>${value}</dd></div>`)}
      </dl>
      ${showBasis
        ? html`<p class="small">
            ${record.match.band === 'likely' ? 'Likely match. ' : ''}Matched on: ${basisInWords(record.match.basis)}
          </p>`
        : nothing}
    </div>`;
  }

  private renderSource(source: SourceInfo): TemplateResult {
    const period =
      source.coverageFrom && source.coverageTo
        ? `Covers the period of ${formatDate(source.coverageFrom)} to ${formatDate(source.coverageTo)}`
        : source.coverageFrom
          ? `Covers the period from ${formatDate(source.coverageFrom)}`
          : source.coverageTo
            ? `Covers the period up to ${formatDate(source.coverageTo)}`
            : '';
    return html`<p class="source small" part="source">
      <span class="line">Source: ${source.name}</span>
      <span class="line"
        >${source.lastUpdated ? `Last updated on ${formatDate(source.lastUpdated)}` : 'Last updated: not known'}</span
      >
      ${period ? html`<span class="line">${period}</span>` : nothing}
      ${source.area ? html`<span class="line">Area: ${source.area}</span>` : nothing}
      ${source.notes ? html`<span class="line">${source.notes}</span>` : nothing}
    </p>`;
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
