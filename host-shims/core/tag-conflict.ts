/**
 * Our element names already taken on the page: another script (an old pilot build of the panel, a CMS component
 * that happens to use the name) defined `<family-context-panel>` or `<family-context-side-panel>` before us. The
 * browser then gives us its element, not ours, and the panel would sit there dead. The shim says so instead: in
 * the console for IT, and in words where the panel would be.
 */

export const CONFLICT_NOTICE =
  'Family Context cannot show its panel on this page: another script has already taken its name. ' +
  'Tell your IT service desk; the details are in the browser console.';

/** What is wrong, for the console, or undefined when the names are free or ours. */
export function tagConflict(win: Window, tag: string, ours: CustomElementConstructor | undefined): string | undefined {
  const defined = win.customElements?.get(tag);
  if (!defined || defined === ours) return undefined;
  return (
    `<${tag}> is already defined on this page by another script (${defined.name || 'an unnamed class'}), ` +
    'perhaps an older Family Context build or a CMS component: remove that script, or load only this one'
  );
}
