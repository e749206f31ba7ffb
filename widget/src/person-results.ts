/**
 * One person's answer, as the content of their accordion section: a compact contact card per record of each
 * involved service, possible matches apart and collapsed, then not checked (unmistakable, with why), not found
 * (what that means for each source) and not shown (the council's rule in words).
 *
 * Templates only: state and actions live in the element, reached through `ResultsView`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { InvolvementRecord, PersonResult, ServiceResult, SourceInfo } from '../../server/src/api/contract.js';
import { formatDate, listOf } from './format.js';
import {
  basisInWords,
  contactKind,
  detailLabel,
  formatDetail,
  listLimit,
  orderedDetails,
} from './labels.js';
import { mailtoHref, telHref } from './contact-links.js';
import { groupServices, isPossible, type HiddenRecord } from './service-groups.js';
import { fill, type Wording } from './wording.js';

export type FeedbackKind = 'not-this-person' | 'information-wrong';

export type FeedbackState =
  | { step: 'form'; comment: string; error?: string }
  | { step: 'sending'; kind: FeedbackKind; comment?: string }
  | { step: 'sent'; kind: FeedbackKind }
  | { step: 'failed'; kind: FeedbackKind; message: string; comment?: string };

/** What the templates need from the element. */
export interface ResultsView {
  w: Wording;
  hidden: HiddenRecord;
  recordKey(service: ServiceResult, record: InvolvementRecord): string;
  feedback(key: string): FeedbackState | undefined;
  copied(key: string): 'ok' | 'failed' | undefined;
  copy(key: string, text: string, what: string): void;
  notThisPerson(service: ServiceResult, record: InvolvementRecord): void;
  openLooksWrong(service: ServiceResult, record: InvolvementRecord): void;
  setComment(key: string, comment: string): void;
  sendLooksWrong(service: ServiceResult, record: InvolvementRecord): void;
  cancelLooksWrong(service: ServiceResult, record: InvolvementRecord): void;
}

/** The id of the element that takes focus after feedback (the confirmation, or the form's text box). */
export const feedbackId = (key: string, part: 'done' | 'comment' | 'button') => `fc-fb-${part}-${key}`;

/** Yes/no details with their own words. */
const BOOLEAN_WORDS: Readonly<Record<string, [keyof Wording, keyof Wording]>> = {
  nonSafeguardingRecords: ['otherRecordsYes', 'otherRecordsNo'],
};

const warningIcon = html`<span class="warning-icon" aria-hidden="true"></span>`;

export function renderStale(w: Wording, source: SourceInfo): TemplateResult | typeof nothing {
  if (!source.stale) return nothing;
  const text = source.lastUpdated
    ? fill(w.staleWarning, { source: source.name, date: formatDate(source.lastUpdated) })
    : fill(w.staleWarningNoDate, { source: source.name });
  return html`<p class="warning stale" part="stale">
    ${warningIcon}<span><span class="visually-hidden">Warning: </span>${text}</span>
  </p>`;
}

/**
 * "Source: CareFirst · last updated on 20 November 2026 · covers 1 April 2012 to 20 November 2026 · area: Stockport".
 * `full: false` stops after the date (records found; the period and area are in "About the sources").
 */
export function sourceLine(w: Wording, source: SourceInfo, full = true): string {
  const parts = [fill(w.sourceLine, { source: source.name })];
  parts.push(source.lastUpdated ? fill(w.lastUpdated, { date: formatDate(source.lastUpdated) }) : w.lastUpdatedUnknown);
  if (!full) return parts.join(' · ');
  if (source.coverageFrom && source.coverageTo) {
    parts.push(fill(w.covers, { from: formatDate(source.coverageFrom), to: formatDate(source.coverageTo) }));
  }
  if (source.area) parts.push(fill(w.area, { area: source.area }));
  return parts.join(' · ');
}

function renderSource(w: Wording, source: SourceInfo, full = true): TemplateResult {
  return html`<p class="source small" part="source">${sourceLine(w, source, full)}</p>`;
}

/** Whether the server's explanation already names the source and its date (then the source line would repeat it). */
const explains = (service: ServiceResult) =>
  !!service.source.lastUpdated &&
  service.explanation.includes(service.source.name) &&
  service.explanation.includes(formatDate(service.source.lastUpdated));

function copyButton(view: ResultsView, key: string, value: string, what: string): TemplateResult {
  const state = view.copied(key);
  return html`<button
      class="copy-button"
      part="copy-button"
      type="button"
      @click=${() => view.copy(key, value, `${what} ${value}`)}
    >
      ${state === 'ok' ? view.w.copied : view.w.copy}<span class="visually-hidden"> ${what} ${value}</span></button
    >${state === 'failed' ? html`<span class="copy-failed small">${view.w.copyFailed}</span>` : nothing}`;
}

function contactLine(view: ResultsView, key: string, kind: 'phone' | 'email', value: string): TemplateResult {
  const href = kind === 'phone' ? telHref(value) : mailtoHref(value);
  const what = kind === 'phone' ? view.w.phoneNumber : view.w.emailAddress;
  return html`<span class="contact-line"
    >${href ? html`<a href=${href}>${value}</a>` : html`<span>${value}</span>`} ${copyButton(
      view,
      `${key}|${kind}|${value}`,
      value,
      what,
    )}</span
  >`;
}

/** A dl row; `screenOnly` rows (a services file's "print": false field) are left off paper. */
const row = (label: string, value: unknown, screenOnly = false) =>
  html`<div class="summary-row${screenOnly ? ' screen-only' : ''}"><dt>${label}</dt> <dd>${value}</dd></div>`;

function renderDetail(
  view: ResultsView,
  key: string,
  recordKey: string,
  value: unknown,
  fields?: ServiceResult['fields'],
): TemplateResult | typeof nothing {
  if (value === undefined || value === null || value === '') return nothing;
  // A field the services file marks "print": false is shown on screen and left off paper.
  const screenOnly = fields?.find((f) => f.key === key)?.print === false;
  const label = detailLabel(key, fields);
  const kind = contactKind(key);
  if (kind && typeof value === 'string') return row(label, contactLine(view, recordKey, kind, value), screenOnly);
  const shown = formatDetail(value as never);
  if (!Array.isArray(shown)) {
    if (typeof value !== 'boolean') return row(label, shown, screenOnly);
    const words = BOOLEAN_WORDS[key];
    return row(label, words ? (value ? view.w[words[0]] : view.w[words[1]]) : value ? view.w.yes : view.w.no, screenOnly);
  }
  if (shown.length === 0) return row(label, view.w.none, screenOnly);
  const limit = listLimit(key, fields) ?? shown.length;
  const more = shown.length - limit;
  return row(
    label,
    html`<ul class="detail-list">
        ${shown.slice(0, limit).map((item) => html`<li>${item}</li>`)}
      </ul>
      ${more > 0 ? html`<span class="small">${fill(view.w.moreOffences, { count: more })}</span>` : nothing}`,
    screenOnly,
  );
}

function renderFeedback(view: ResultsView, service: ServiceResult, record: InvolvementRecord): TemplateResult {
  const { w } = view;
  const key = view.recordKey(service, record);
  const state = view.feedback(key);
  if (state?.step === 'sent') {
    return html`<p class="confirmation" id=${feedbackId(key, 'done')} tabindex="-1">
      ${state.kind === 'not-this-person' ? w.notThisPersonDone : w.looksWrongDone}
    </p>`;
  }
  const sending = state?.step === 'sending';
  const comment = state && 'comment' in state ? (state.comment ?? '') : '';
  const formOpen =
    state?.step === 'form' ||
    (state?.step === 'sending' && state.kind === 'information-wrong') ||
    (state?.step === 'failed' && state.kind === 'information-wrong');
  return html`<div class="feedback" part="feedback">
    ${state?.step === 'failed'
      ? html`<p class="error-message" role="alert">${fill(w.feedbackFailed, { problem: state.message })}</p>`
      : nothing}
    ${formOpen
      ? html`<div class="form-group">
            <label class="label" for=${feedbackId(key, 'comment')}>${w.looksWrongLabel}</label>
            <textarea
              id=${feedbackId(key, 'comment')}
              rows="2"
              maxlength="1000"
              .value=${comment}
              @input=${(e: Event) => view.setComment(key, (e.target as HTMLTextAreaElement).value)}
            ></textarea>
          </div>
          <div class="button-row">
            <button
              class="small-button"
              type="button"
              aria-disabled=${sending ? 'true' : 'false'}
              @click=${() => !sending && view.sendLooksWrong(service, record)}
            >
              ${sending ? w.sending : w.send}
            </button>
            <button class="small-button small-button--quiet" type="button" @click=${() => view.cancelLooksWrong(service, record)}>
              ${w.cancel}
            </button>
          </div>`
      : html`<div class="button-row">
          <button
            class="small-button"
            part="not-this-person-button"
            type="button"
            aria-disabled=${sending ? 'true' : 'false'}
            @click=${() => !sending && view.notThisPerson(service, record)}
          >
            ${sending ? w.sending : w.notThisPerson}
          </button>
          <button
            class="small-button"
            part="looks-wrong-button"
            id=${feedbackId(key, 'button')}
            type="button"
            @click=${() => view.openLooksWrong(service, record)}
          >
            ${w.looksWrong}
          </button>
        </div>`}
  </div>`;
}

/** A record as a compact contact card: who, how to reach them, dates, the service's own details, the match. */
export function renderRecord(
  view: ResultsView,
  service: ServiceResult,
  record: InvolvementRecord,
  possible = false,
): TemplateResult {
  const { w } = view;
  const key = view.recordKey(service, record);
  if (view.hidden(service, record)) return renderFeedback(view, service, record);
  const c = record.contact ?? {};
  const who = c.name || c.role;
  const hasContact = who || c.phone || c.email;
  const dates = [
    record.startDate && fill(w.started, { date: formatDate(record.startDate) }),
    record.endDate && fill(w.ended, { date: formatDate(record.endDate) }),
    record.lastContact && fill(w.lastContact, { date: formatDate(record.lastContact) }),
  ].filter((d): d is string => !!d);
  const basis = basisInWords(record.match?.basis ?? []);
  return html`<div class="record" part="record">
    <dl class="summary-list">
      ${service.showsInvolvement
        ? row(w.involvement, record.involvement === 'current' ? w.current : w.historic)
        : nothing}
      ${hasContact
        ? row(
            w.contact,
            html`${who
                ? html`<span class="line"
                    >${c.name ? html`<strong>${c.name}</strong>${c.role ? `, ${c.role}` : ''}` : c.role}</span
                  >`
                : nothing}${record.organisation ? html`<span class="line">${record.organisation}</span>` : nothing}${c.phone
                ? contactLine(view, key, 'phone', c.phone)
                : nothing}${c.email ? contactLine(view, key, 'email', c.email) : nothing}`,
          )
        : record.organisation
          ? row(w.organisation, record.organisation)
          : nothing}
      ${dates.length ? row(w.dates, dates.join(', ')) : nothing}
      ${orderedDetails(record.details, service.fields).map(([k, v]) => renderDetail(view, k, key, v, service.fields))}
    </dl>
    ${possible
      ? nothing
      : html`<p class="small match">
            ${fill(record.match?.band === 'likely' ? w.likelyMatchedOn : w.matchedOn, { basis })}
          </p>
          ${record.match?.disputed ? html`<p class="small" part="disputed"><strong>${w.disputed}</strong></p>` : nothing}`}
    ${renderFeedback(view, service, record)}
  </div>`;
}

/** Explanations of "not shown" services, with a sentence they all end with ("This person is 2.") said once. */
export function notShownText(services: readonly ServiceResult[]): string {
  const lastSentence = (text: string) => /(?:^|[.!?]\s+)([^.!?]+[.!?])\s*$/.exec(text.trim())?.[1] ?? '';
  const texts = services.map((s) => s.explanation.trim());
  const common = lastSentence(texts[0] ?? '');
  if (texts.length > 1 && common && texts.every((t) => t.endsWith(common) && t !== common)) {
    return [...texts.map((t) => t.slice(0, -common.length).trim()), common].join(' ');
  }
  return texts.join(' ');
}

function statusList(view: ResultsView, services: readonly ServiceResult[], withSource: boolean): TemplateResult {
  return html`<ul class="status-list">
    ${services.map(
      (s) => html`<li>
        <strong>${s.label}:</strong> ${s.explanation} ${renderStale(view.w, s.source)}
        ${withSource && s.source.lastUpdated && !explains(s) ? renderSource(view.w, s.source) : nothing}
      </li>`,
    )}
  </ul>`;
}

/** The content of a person's section. */
export function renderPersonResult(view: ResultsView, result: PersonResult): TemplateResult {
  const { w } = view;
  const groups = groupServices(result.services, view.hidden);
  const original = (s: ServiceResult) => result.services.find((o) => o.service === s.service) ?? s;
  // Services with records to show, in the server's order, with every record (hidden ones become confirmations).
  const withRecords = [...groups.involved, ...groups.dismissed]
    .map(original)
    .filter((s) => s.records.length === 0 || s.records.some((r) => !isPossible(r)));
  const possibles = [...groups.involved, ...groups.possible, ...groups.dismissed]
    .map(original)
    .flatMap((s) => s.records.filter(isPossible).map((record) => ({ service: s, record })));
  return html`
    ${withRecords.map(
      (s) => html`<section class="service" part="service">
        <h5>${s.label}</h5>
        ${renderStale(w, s.source)}
        ${s.records.filter((r) => !isPossible(r)).map((r) => renderRecord(view, s, r))}
        ${renderSource(w, s.source, false)}
      </section>`,
    )}
    ${possibles.map(({ service, record }) =>
      view.hidden(service, record)
        ? renderRecord(view, service, record, true)
        : html`<details class="possible" part="possible">
            <summary>${fill(w.possibleSummary, { service: service.label })}</summary>
            <p class="small">${fill(w.possibleCaution, { basis: basisInWords(record.match?.basis ?? []) })}</p>
            ${record.match?.disputed ? html`<p class="small" part="disputed"><strong>${w.disputed}</strong></p>` : nothing}
            ${renderStale(w, service.source)} ${renderRecord(view, service, record, true)} ${renderSource(w, service.source, false)}
          </details>`,
    )}
    ${groups.notChecked.length
      ? html`<div class="status-block status-block--not-checked" part="not-checked">
          <h5 class="warning">
            ${warningIcon}<span
              ><span class="visually-hidden">Warning: </span>${w.notChecked} ${listOf(groups.notChecked.map((s) => s.label))}</span
            >
          </h5>
          <p class="small">${w.notCheckedHint}</p>
          ${statusList(view, groups.notChecked, false)}
        </div>`
      : nothing}
    ${groups.noRecords.length
      ? html`<div class="status-block status-block--no-records" part="no-records">
          <h5>${w.noRecords} ${listOf(groups.noRecords.map((s) => s.label))}</h5>
          ${statusList(view, groups.noRecords, true)}
        </div>`
      : nothing}
    ${groups.notApplicable.length
      ? html`<p class="small not-shown" part="not-applicable">
          <strong class="tag tag--muted">${w.tagNotShown}</strong><span class="visually-hidden">:</span>
          ${listOf(groups.notApplicable.map((s) => s.label))}. ${notShownText(groups.notApplicable)}
        </p>`
      : nothing}
  `;
}
