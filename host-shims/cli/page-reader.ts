/**
 * Runs inside shim-check's headless Chromium: parses the saved page with the browser's own HTML parser
 * (DOMParser: its scripts never run and nothing it links to is fetched) and reads it exactly as the shim
 * does on the live page, with the same selector engine.
 */
import { readContext, type PageReading } from '../core/read-context.js';
import { invalidSelectors, type ShimConfig } from '../core/shim-config.js';
import { singlePageSigns } from './single-page-signs.js';

export interface CheckResult {
  selectorProblems: string[];
  reading?: PageReading;
  /** Signs that the CMS changes child without reloading (see single-page-signs.ts). */
  singlePage?: string[];
}

function check(html: string, config: ShimConfig, today: string): CheckResult {
  // parseHTMLUnsafe keeps declarative shadow roots (<template shadowrootmode="open">) of a live-page snapshot;
  // like DOMParser it runs no script and fetches nothing.
  const parseUnsafe = (Document as unknown as { parseHTMLUnsafe?: (h: string) => Document }).parseHTMLUnsafe;
  const doc = parseUnsafe ? parseUnsafe(html) : new DOMParser().parseFromString(html, 'text/html');
  const selectorProblems = invalidSelectors(config, doc);
  if (selectorProblems.length) return { selectorProblems };
  // Council IT reading their own saved page: warnings may name people (never in the browser console).
  const reading = readContext(doc, config, { today, personalDetails: true });
  return { selectorProblems, reading, singlePage: singlePageSigns(doc) };
}

(globalThis as { __familyContextShimCheck?: typeof check }).__familyContextShimCheck = check;
