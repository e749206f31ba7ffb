/**
 * A fake Family Context API for the widget's unit tests: replaces window.fetch for one test and records what
 * the panel sent. (The real server is covered by the end-to-end tests.)
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { FeedbackRequest, InvolvementsRequest, InvolvementsResponse } from '../../server/src/api/contract.js';
import '../../widget/src/index.js';
import type { FamilyContext, FamilyContextPanel } from '../../widget/src/index.js';
import type { ServiceResult } from '../../server/src/api/contract.js';
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

/** The answer the real server would give, from fixtures.servicesByCmsId (or `override`). */
export function answer(request: InvolvementsRequest, override: Record<string, ServiceResult[]> = {}): InvolvementsResponse {
  return {
    requestId: 'req-test',
    generatedAt: '2026-11-21T09:00:00Z',
    people: request.people.map((person, i) => ({
      ref: String(i),
      person,
      services: override[person.cmsId ?? ''] ?? servicesByCmsId[person.cmsId ?? ''] ?? [],
    })),
  };
}

/** The server's 400 when its link policy needs a reason (see ApiError in contract.ts). */
export const reasonRequired = (): Response =>
  json(
    {
      error: 'reason-required',
      message: 'A reason is needed to check someone who is not linked to this child in the case record.',
      fields: [{ field: 'reason', message: 'reason is required for people[0]' }],
    },
    400,
  );

function never(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
  });
}

export function handlerFor(behaviour: FakeBehaviour): Handler {
  switch (behaviour.kind) {
    case 'answer':
      return (request) => json(answer(request.body, behaviour.override));
    case 'reason-required':
      return (request) => (request.body.reason ? json(answer(request.body)) : reasonRequired());
    case 'never':
      return (_, signal) => never(signal);
    case 'status':
      return () => json({ error: 'error', message: `Status ${behaviour.status}` }, behaviour.status);
    case 'network-error':
      return () => Promise.reject(new TypeError('Failed to fetch'));
  }
}

export interface RecordedFeedback {
  url: string;
  authorization: string | null;
  body: FeedbackRequest;
}

export type FeedbackHandler = (request: RecordedFeedback) => Response | Promise<Response>;

/** The feedback endpoint as the server answers it: 201 { feedbackId }. */
export const feedbackCreated: FeedbackHandler = () => json({ feedbackId: 'fb-1' }, 201);

/**
 * Replaces window.fetch: `/api/v1/involvements` goes to `handler` (recorded in `requests`),
 * `/api/v1/feedback` to `feedbackHandler` (recorded in `feedback`).
 */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  readonly feedback: RecordedFeedback[] = [];
  private readonly original = window.fetch;

  constructor(
    public handler: Handler,
    public feedbackHandler: FeedbackHandler = feedbackCreated,
  ) {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      // As the real fetch: a signal already aborted rejects with its reason, and nothing is sent.
      if (init?.signal?.aborted) throw init.signal.reason;
      const headers = new Headers(init?.headers);
      const url = String(input);
      if (url.endsWith('/api/v1/feedback')) {
        const recorded: RecordedFeedback = {
          url,
          authorization: headers.get('Authorization'),
          body: JSON.parse(String(init?.body ?? '{}')) as FeedbackRequest,
        };
        this.feedback.push(recorded);
        return this.feedbackHandler(recorded);
      }
      const request: RecordedRequest = {
        url,
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

/** A person's entry (with their accordion section once checked), by name. */
export function section(el: FamilyContextPanel, name: string): HTMLElement {
  const found = [...root(el).querySelectorAll<HTMLElement>('[part~="person"]')].find((s) =>
    textOf(s.querySelector('.person-name')).startsWith(name),
  );
  if (!found) throw new Error(`No section for ${name}`);
  return found;
}

/** The button that opens and closes a person's section. */
export const sectionButton = (el: FamilyContextPanel, name: string): HTMLButtonElement =>
  section(el, name).querySelector<HTMLButtonElement>('[part="section-button"]')!;

/** The content a section button controls. */
export const sectionContent = (el: FamilyContextPanel, name: string): HTMLElement =>
  root(el).getElementById(sectionButton(el, name).getAttribute('aria-controls')!)!;

/** The involved-service block of a service in a person's section, by its heading. */
export function serviceBlock(el: FamilyContextPanel, name: string, service: string): HTMLElement {
  const found = [...section(el, name).querySelectorAll<HTMLElement>('[part="service"]')].find(
    (s) => textOf(s.querySelector('h5')) === service,
  );
  if (!found) throw new Error(`No ${service} block for ${name}`);
  return found;
}

/** A stand-in for navigator.clipboard that records what was written (or refuses, like a locked-down desktop). */
export function fakeClipboard(refuse = false): { written: string[]; restore: () => void } {
  const written: string[] = [];
  const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: async (text: string) => {
        if (refuse) throw new DOMException('Write permission denied.', 'NotAllowedError');
        written.push(text);
      },
    },
  });
  return {
    written,
    restore: () => {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
      if (original && !Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')) {
        Object.defineProperty(Navigator.prototype, 'clipboard', original);
      }
    },
  };
}
