/**
 * Signs in a saved page that the CMS changes child without reloading the page (a single-page application, or
 * a page that swaps the record in place). On such a page the header can show the next child while the
 * relationships list still shows the previous child's people: `people.ownerId` lets the shim tell at once,
 * and `shim-check --strict` asks for it when it sees these signs.
 */

const SIGNS: Array<[selector: string, meaning: string]> = [
  ['[ng-version], [ng-app], [data-ng-app], [ng-view], [ui-view], router-outlet', 'Angular'],
  ['[data-reactroot], #__next, script#__NEXT_DATA__', 'React'],
  ['[data-v-app], [data-server-rendered], #__nuxt', 'Vue'],
  ['[data-turbo], [data-turbolinks], meta[name="turbo-visit-control"], [data-pjax]', 'Turbo/PJAX page swaps'],
  ['[hx-get], [hx-post], [hx-target], [data-hx-get], [data-hx-post]', 'htmx page swaps'],
  ['a[href^="#/"], a[href^="#!/"]', 'links that change the record in the address hash ("#/person/…")'],
  ['[aria-busy], [data-loading], .loading, .spinner', 'a loading marker (parts of the page load separately)'],
];

/** What the saved page shows of a single-page CMS, in words; empty when nothing suggests one. */
export function singlePageSigns(doc: Document): string[] {
  const found: string[] = [];
  for (const [selector, meaning] of SIGNS) if (doc.querySelector(selector)) found.push(meaning);
  // Custom elements (web components) other than ours: the record is usually drawn by script.
  const custom = [...doc.querySelectorAll('*')].find(
    (el) => el.localName.includes('-') && !el.localName.startsWith('family-context'),
  );
  if (custom) found.push(`a web component (<${custom.localName}>)`);
  return found;
}
