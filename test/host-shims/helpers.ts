/** Helpers for the host-shim browser tests: the fake CMS pages rendered in this test page. */
import { cmsPageData, type CmsPage, type CmsPageData, type PageVariant } from '../../fixtures/cms-pages/page-data.js';
import { renderCmsPage, renderGenericPage } from '../../fixtures/cms-pages/render-page.js';

/** Every date in these tests is relative to this day. */
export const TODAY = '2025-11-20';

const templates = new Map<CmsPage, Promise<string>>();

async function template(cms: CmsPage): Promise<string> {
  if (!templates.has(cms)) {
    templates.set(
      cms,
      fetch(`/fixtures/cms-pages/${cms}.html`).then((res) => {
        if (!res.ok) throw new Error(`template ${cms}.html: HTTP ${res.status}`);
        return res.text();
      }),
    );
  }
  return templates.get(cms)!;
}

export type PageKind = CmsPage | 'generic-json' | 'generic-attributes';

/** The page's HTML for `kind` and `variant`, as the demo serves it. */
export async function pageHtml(kind: PageKind, variant: PageVariant, today = TODAY): Promise<{ html: string; data: CmsPageData }> {
  const data = cmsPageData(today, variant);
  if (kind === 'generic-json') return { html: renderGenericPage(data, 'json'), data };
  if (kind === 'generic-attributes') return { html: renderGenericPage(data, 'attributes'), data };
  return { html: renderCmsPage(kind, await template(kind), data), data };
}

/** Parses a page without running its scripts. */
export function parsePage(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

const MARK = 'data-test-page';

/**
 * Shows a page in this document: its styles in <head>, its body content in <body> (scripts left out, so the
 * page's own shim tag does not load). Replaces the page shown before.
 */
export function showPage(html: string): void {
  const doc = parsePage(html);
  clearPage();
  for (const style of doc.head.querySelectorAll('style')) {
    const copy = document.createElement('style');
    copy.setAttribute(MARK, '');
    copy.textContent = style.textContent;
    document.head.append(copy);
  }
  for (const node of [...doc.body.childNodes]) {
    if (node instanceof Element && node.tagName === 'SCRIPT' && !(node as HTMLScriptElement).type.includes('json')) continue;
    const imported = document.importNode(node, true);
    if (imported instanceof Element) imported.setAttribute(MARK, '');
    document.body.append(imported);
  }
}

/** Swaps the page's body content for another page's, as a single-page CMS does when the worker moves on. */
export function swapPage(html: string): void {
  const doc = parsePage(html);
  for (const node of [...document.body.querySelectorAll(`:scope > [${MARK}]`)]) node.remove();
  for (const node of [...doc.body.children]) {
    if (node.tagName === 'SCRIPT' && !(node as HTMLScriptElement).type.includes('json')) continue;
    const imported = document.importNode(node, true);
    imported.setAttribute(MARK, '');
    document.body.append(imported);
  }
}

export function clearPage(): void {
  for (const node of [...document.querySelectorAll(`[${MARK}]`)]) node.remove();
}

/** Lets MutationObserver callbacks and Lit updates run (no requestAnimationFrame: background tabs pause it). */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The panel's visible text, whitespace collapsed. */
export function shadowText(element: Element | null | undefined): string {
  return (element?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
}
