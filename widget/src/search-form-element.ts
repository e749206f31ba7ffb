/**
 * `<fc-search-form>`: "Check someone not listed" — the disclosure button and the form (surname, first name, date
 * of birth, CMS id, and the reason when the council asks for one), with a GOV.UK error summary.
 *
 * Properties down: `open`, `values`, `errors`, `reasonShown`, `wording`. Events up (bubbling, composed):
 * `fc-search-toggle` (`detail: { open }`), `fc-search-input` (`detail: { field, value }`) and `fc-search-submit`.
 * It holds nothing itself: the panel keeps the values with the rest of the child's state, and renders a new
 * form for each child, so nothing typed for one child is there for the next.
 *
 * Rendered without a shadow root, into the panel's: the panel's styles apply and its ids stay reachable.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { reasonField } from './reason-field.js';
import { EMPTY_SEARCH, type FieldError, type SearchValues } from './search-form.js';
import { DEFAULT_WORDING, type Wording } from './wording.js';

const FIELD_ORDER: ReadonlyArray<keyof SearchValues> = [
  'reason',
  'surname',
  'firstName',
  'day',
  'month',
  'year',
  'address',
  'postcode',
  'cmsId',
];

export interface FcSearchInputDetail {
  field: keyof SearchValues;
  value: string;
}

export class FcSearchForm extends LitElement {
  @property({ type: Boolean }) open = false;
  @property({ attribute: false }) values: SearchValues = EMPTY_SEARCH;
  @property({ attribute: false }) errors: FieldError[] = [];
  @property({ type: Boolean }) reasonShown = false;
  @property({ attribute: false }) wording: Wording = DEFAULT_WORDING;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }

  private set(field: keyof SearchValues, value: string): void {
    this.emit<FcSearchInputDetail>('fc-search-input', { field, value });
  }

  private focusField(event: Event, field: string): void {
    event.preventDefault();
    const input = this.querySelector<HTMLElement>(`#fc-search-${field}`);
    input?.focus();
    input?.scrollIntoView({ block: 'center' });
  }

  private submit(event: Event): void {
    event.preventDefault();
    this.emit('fc-search-submit', {});
  }

  private errorFor(field: keyof SearchValues): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }

  private input(field: keyof SearchValues, label: string, width = ''): TemplateResult {
    const error = this.errorFor(field);
    const id = `fc-search-${field}`;
    return html`<div class="form-group ${error ? 'form-group--error' : ''}">
      <label class="label" for=${id}>${label}</label>
      ${
        error
          ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${error}</p>`
          : nothing
      }
      <input
        id=${id}
        class="input ${width}"
        type="text"
        spellcheck="false"
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        .value=${this.values[field]}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
      />
    </div>`;
  }

  private datePart(field: 'day' | 'month' | 'year', label: string, invalid: boolean): TemplateResult {
    return html`<div class="date-item">
      <label class="label label--small" for="fc-search-${field}">${label}</label>
      <input
        id="fc-search-${field}"
        class="input ${field === 'year' ? 'input--4' : 'input--2'}"
        type="text"
        inputmode="numeric"
        autocomplete="off"
        aria-invalid=${invalid ? 'true' : 'false'}
        .value=${this.values[field]}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
      />
    </div>`;
  }

  protected override render(): TemplateResult {
    const w = this.wording;
    // The summary lists the errors in the order of the fields (the reason is asked first).
    const errors = [...this.errors].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
    const dobError = this.errorFor('day');
    return html`<div class="search" part="search">
      <button
        class="link-button"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="fc-search"
        @click=${() => this.emit('fc-search-toggle', { open: !this.open })}
      >
        ${w.searchToggle}
      </button>
      <form id="fc-search" class="search-form" novalidate ?hidden=${!this.open} @submit=${this.submit}>
        ${
          errors.length
            ? html`<div
                id="fc-search-errors"
                class="error-summary"
                tabindex="-1"
                aria-labelledby="fc-search-errors-title"
              >
                <h4 id="fc-search-errors-title">${w.errorTitle}</h4>
                <ul class="error-list">
                  ${errors.map(
                    (e) =>
                      html`<li>
                        <a href="#fc-search-${e.field}" @click=${(ev: Event) => this.focusField(ev, e.field)}
                          >${e.message}</a
                        >
                      </li>`,
                  )}
                </ul>
              </div>`
            : nothing
        }
        <p class="small">${w.searchIntro}</p>
        ${
          this.reasonShown
            ? reasonField(w, 'fc-search-reason', this.values.reason, this.errorFor('reason'), (v) =>
                this.set('reason', v),
              )
            : nothing
        }
        ${this.input('surname', w.surname)} ${this.input('firstName', w.firstName)}
        <div class="form-group ${dobError ? 'form-group--error' : ''}">
          <fieldset class="fieldset" role="group" aria-describedby="fc-dob-hint${dobError ? ' fc-dob-error' : ''}">
            <legend class="label">${w.dateOfBirth}</legend>
            <p class="hint" id="fc-dob-hint">${w.dateOfBirthHint}</p>
            ${
              dobError
                ? html`<p class="error-message" id="fc-dob-error">
                    <span class="visually-hidden">Error:</span> ${dobError}
                  </p>`
                : nothing
            }
            <div class="date-input">
              ${this.datePart('day', w.day, !!dobError)} ${this.datePart('month', w.month, !!dobError)}
              ${this.datePart('year', w.year, !!dobError)}
            </div>
          </fieldset>
        </div>
        <p class="hint" id="fc-address-hint">${w.addressHint}</p>
        ${this.input('address', w.address)} ${this.input('postcode', w.postcode, 'input--10')}
        ${this.input('cmsId', w.cmsId, 'input--10')}
        <button class="button" type="submit">${w.searchSubmit}</button>
      </form>
    </div>`;
  }
}

if (!customElements.get('fc-search-form')) customElements.define('fc-search-form', FcSearchForm);

declare global {
  interface HTMLElementTagNameMap {
    'fc-search-form': FcSearchForm;
  }
}
