/**
 * A fake Family Context API for the widget's unit tests: replaces window.fetch for one test and records what
 * the panel sent. (The real server is covered by the end-to-end tests.)
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { InvolvementsRequest, InvolvementsResponse } from '../../server/src/api/contract.js';
import '../../widget/src/index.js';
import type { FamilyContext, FamilyContextPanel } from '../../widget/src/index.js';
import { servicesByCmsId, type FakeBehaviour } from './fixtures.js';

export interface RecordedRequest {
  url: string;
  method: string;
  authorization: string | null;
  body: InvolvementsRequest;
}

export type Handler = (request: RecordedRequest, signal: AbortSignal | undefined) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** The answer the real server would give, from fixtures.servicesByCmsId. */
export function answer(request: InvolvementsRequest): InvolvementsResponse {
  return {
    requestId: 'req-test',
    generatedAt: '2026-11-21T09:00:00Z',
    people: request.people.map((person, i) => ({
      ref: String(i),
      person,
      services: servicesByCmsId[person.cmsId ?? ''] ?? [],
    })),
  };
}

function never(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
  });
}

export function handlerFor(behaviour: FakeBehaviour): Handler {
  switch (behaviour.kind) {
    case 'answer':
      return (request) => json(answer(request.body));
    case 'never':
      return (_, signal) => never(signal);
    case 'status':
      return () => json({ error: 'error', message: `Status ${behaviour.status}` }, behaviour.status);
    case 'network-error':
      return () => Promise.reject(new TypeError('Failed to fetch'));
  }
}

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly original = window.fetch;

  constructor(public handler: Handler) {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      const request: RecordedRequest = {
        url: String(input),
        method: init?.method ?? 'GET',
        authorization: headers.get('Authorization'),
        body: JSON.parse(String(init?.body ?? '{}')) as InvolvementsRequest,
      };
      this.requests.push(request);
      return this.handler(request, init?.signal ?? undefined);
    };
  }

  restore(): void {
    window.fetch = this.original;
  }
}

/** A token provider that records how it was called. */
export function tokenProvider(tokens: { normal?: string; refreshed?: string } = {}) {
  const calls: Array<{ forceRefresh?: boolean } | undefined> = [];
  const getToken = async (options?: { forceRefresh?: boolean }) => {
    calls.push(options);
    return options?.forceRefresh ? (tokens.refreshed ?? 'refreshed-token') : (tokens.normal ?? 'token');
  };
  return { getToken, calls };
}

export async function mount(
  context: FamilyContext | undefined,
  getToken = tokenProvider().getToken,
): Promise<FamilyContextPanel> {
  const el = await fixture<FamilyContextPanel>(
    html`<family-context-panel api-base="https://fc.example" .context=${context} .getToken=${getToken}></family-context-panel>`,
  );
  await el.updateComplete;
  return el;
}

export const root = (el: FamilyContextPanel): ShadowRoot => el.shadowRoot!;

export const squash = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

export const textOf = (node: Element | ShadowRoot | null | undefined): string => squash(node?.textContent);

/** A button in the panel whose text (including visually hidden words) matches. */
export function button(el: FamilyContextPanel, name: string | RegExp): HTMLButtonElement {
  const found = [...root(el).querySelectorAll('button')].find((b) =>
    typeof name === 'string' ? textOf(b) === name : name.test(textOf(b)),
  );
  if (!found) {
    const names = [...root(el).querySelectorAll('button')].map((b) => textOf(b));
    throw new Error(`No button named ${String(name)}; buttons: ${names.join(' | ')}`);
  }
  return found;
}

/** Waits until no check is running. */
export async function settled(el: FamilyContextPanel): Promise<void> {
  // The click's update has to render first, or "nothing running" is read from the old DOM.
  await el.updateComplete;
  await waitUntil(
    () => root(el).querySelectorAll('[part="check-button"][aria-disabled="true"]').length === 0,
    'a check is still running',
  );
  await el.updateComplete;
  // Focus moves (error summary) happen after the update that shows the result.
  await el.updateComplete;
}

/** The accordion section of a person, by name. */
export function section(el: FamilyContextPanel, name: string): HTMLElement {
  const found = [...root(el).querySelectorAll<HTMLElement>('[part="section"]')].find((s) =>
    textOf(s.querySelector('.section-title')).startsWith(name),
  );
  if (!found) throw new Error(`No section for ${name}`);
  return found;
}
