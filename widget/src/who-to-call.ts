/**
 * `<fc-who-to-call>`: the block at the top of the panel after a check, so the first screen answers "who do I
 * call?": each involvement as service · person (relationship) · lead practitioner · phone (a `tel:` link with
 * Copy), then possible matches, then per person what was not checked (and why) and what was not found.
 *
 * Properties down (`list`, `wording`, `copied`), events up: `fc-copy` (`detail: { key, text, what }`) asks the
 * panel to copy a phone number; the panel says whether it worked through `copied`.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { telHref } from './contact-links.js';
import { panelStyles } from './family-context-panel.styles.js';
import type { CallList, CallRow, PersonLine } from './who-to-call-list.js';
import { DEFAULT_WORDING, type Wording } from './wording.js';

export interface FcCopyDetail {
  key: string;
  text: string;
  what: string;
}

export class FcWhoToCall extends LitElement {
  static override styles = [
    panelStyles,
    css`
      :host {
        display: block;
        margin: 0.4em 0 0.8em;
      }
      .who {
        border-left: 5px solid var(--_accent);
        padding: 0.3em 0 0.3em 0.6em;
        font-size: 0.84em;
      }
      .who h4 {
        margin-top: 0.4em;
      }
      .calls > li {
        padding: 0.25em 0;
        border-bottom: 1px solid var(--_border);
      }
      .calls > li:last-child {
        border-bottom: 0;
      }
      .lines > li {
        padding: 0.15em 0;
      }
      .who .copy-button {
        min-height: 24px;
        padding: 0 0.4em;
        font-size: 0.9em;
      }
      .call-contact {
        display: block;
      }
      @media print {
        .who .copy-button {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) list: CallList = { involved: [], possible: [], notChecked: [], notFound: [] };
  @property({ attribute: false }) wording: Wording = DEFAULT_WORDING;
  /** The row whose phone number was just copied (`key`), and whether copying worked. */
  @property({ attribute: false }) copied: { key: string; ok: boolean } | undefined;

  private who(line: { person: string; relationship?: string; others?: CallRow['others'] }): string {
    const one = (p: { person: string; relationship?: string }) => (p.relationship ? `${p.person} (${p.relationship})` : p.person);
    return [line, ...(line.others ?? [])].map(one).join(', ');
  }

  private renderPhone(row: CallRow): TemplateResult | typeof nothing {
    if (!row.phone) return nothing;
    const w = this.wording;
    const href = telHref(row.phone);
    const key = `${row.key}|phone`;
    const copied = this.copied?.key === key ? this.copied : undefined;
    const copy = () =>
      this.dispatchEvent(
        new CustomEvent<FcCopyDetail>('fc-copy', {
          detail: { key, text: row.phone!, what: `${w.phoneNumber} ${row.phone}` },
          bubbles: true,
          composed: true,
        }),
      );
    return html` · ${href ? html`<a href=${href}>${row.phone}</a>` : row.phone}
      <button class="copy-button" part="copy-button" type="button" @click=${copy}>
        ${copied?.ok ? w.copied : w.copy}<span class="visually-hidden">
          ${w.phoneNumber} ${row.phone}, ${row.service}, ${row.person}</span
        ></button
      >${copied && !copied.ok ? html`<span class="small">${w.copyFailed}</span>` : nothing}`;
  }

  private renderRow(row: CallRow, possible: boolean): TemplateResult {
    const w = this.wording;
    const lead = row.lead ?? row.organisation;
    return html`<li>
      ${possible ? html`<strong class="tag tag--possible">${w.tagPossible}</strong> ` : nothing}<strong
        >${row.service}</strong
      >
      · ${this.who(row)}
      <span class="call-contact"
        >${row.historic ? html`<span class="tag tag--muted">${w.historic}</span> ` : nothing}${
          lead ?? w.noLead
        }${this.renderPhone(row)}</span
      >
    </li>`;
  }

  private renderLines(lines: PersonLine[], title: TemplateResult, id: string): TemplateResult | typeof nothing {
    if (lines.length === 0) return nothing;
    return html`<h4 id=${id}>${title}</h4>
      <ul class="lines" aria-labelledby=${id}>
        ${lines.map((l) => html`<li>${this.who(l)}: ${l.text}</li>`)}
      </ul>`;
  }

  protected override render(): TemplateResult {
    const w = this.wording;
    const { involved, possible, notChecked, notFound } = this.list;
    return html`<section class="who" part="who-to-call" aria-labelledby="fc-who-title">
      <h3 id="fc-who-title">${w.whoToCall}</h3>
      ${
        involved.length
          ? html`<h4 id="fc-who-involved"><strong class="tag tag--involved">${w.tagInvolved}</strong></h4>
              <ul class="calls" aria-labelledby="fc-who-involved">
                ${involved.map((r) => this.renderRow(r, false))}
              </ul>`
          : html`<p>${w.whoNoneInvolved}</p>`
      }
      ${
        possible.length
          ? html`<h4 id="fc-who-possible" class="visually-hidden">${w.tagPossible}</h4>
              <ul class="calls" aria-labelledby="fc-who-possible">
                ${possible.map((r) => this.renderRow(r, true))}
              </ul>`
          : nothing
      }
      ${this.renderLines(
        notChecked,
        html`<span class="warning-icon" aria-hidden="true"></span
          ><strong class="tag tag--not-checked">${w.tagNotChecked}</strong>
          <span class="small">${w.whoNotCheckedHint}</span>`,
        'fc-who-not-checked',
      )}
      ${this.renderLines(notFound, html`<strong class="tag tag--not-found">${w.tagNotFound}</strong>`, 'fc-who-not-found')}
    </section>`;
  }
}

if (!customElements.get('fc-who-to-call')) customElements.define('fc-who-to-call', FcWhoToCall);

declare global {
  interface HTMLElementTagNameMap {
    'fc-who-to-call': FcWhoToCall;
  }
}
