/**
 * Calls `onChange` whenever the CMS page may show another child: any change to the page's DOM (a single-page
 * CMS swapping the record in place) or to its address (history navigation, hash changes, the Navigation API).
 * The callback runs in the same task as the change (MutationObserver delivers at the end of the microtask),
 * so the panel is reset before the browser paints the new child.
 */

export interface WatchOptions {
  /** Changes inside these nodes are ignored (the panel's own element). */
  ignore?: () => Array<Node | null | undefined>;
}

export function watchPage(win: Window, onChange: () => void, options: WatchOptions = {}): () => void {
  const doc = win.document;
  let href = win.location.href;

  const relevant = (record: MutationRecord): boolean => {
    const ignored = options.ignore?.() ?? [];
    if (ignored.some((node) => node && (node === record.target || node.contains(record.target)))) return false;
    if (record.type === 'childList') {
      const changed = [...record.addedNodes, ...record.removedNodes];
      if (changed.length > 0 && changed.every((n) => ignored.includes(n))) return false;
    }
    // The side panel sets the body's right margin: not a change of child.
    if (record.type === 'attributes' && record.target === doc.body && record.attributeName === 'style') return false;
    return true;
  };

  const observer = new MutationObserver((records) => {
    if (win.location.href !== href) href = win.location.href;
    if (records.some(relevant)) onChange();
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });

  const onUrl = (): void => {
    if (win.location.href === href) return;
    href = win.location.href;
    onChange();
  };
  const onNavigated = (): void => onUrl();
  win.addEventListener('popstate', onUrl);
  win.addEventListener('hashchange', onUrl);
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('navigatesuccess', onNavigated);

  return () => {
    observer.disconnect();
    win.removeEventListener('popstate', onUrl);
    win.removeEventListener('hashchange', onUrl);
    navigation?.removeEventListener('navigatesuccess', onNavigated);
  };
}
