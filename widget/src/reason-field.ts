/**
 * The reason the council's policy asks for when checking someone not linked to the child (GOV.UK textarea with
 * hint and error message): used by the search form and by the error summary's "Check with this reason".
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Wording } from './wording.js';

export function reasonField(
  w: Wording,
  id: string,
  value: string,
  error: string | undefined,
  set: (value: string) => void,
): TemplateResult {
  return html`<div class="form-group ${error ? 'form-group--error' : ''}">
    <label class="label" for=${id}>${w.reason}</label>
    <p class="hint" id="${id}-hint">${w.reasonHint}</p>
    ${error
      ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${error}</p>`
      : nothing}
    <textarea
      id=${id}
      rows="3"
      maxlength="2000"
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? `${id}-hint ${id}-error` : `${id}-hint`}
      .value=${value}
      @input=${(e: Event) => set((e.target as HTMLTextAreaElement).value)}
    ></textarea>
  </div>`;
}
