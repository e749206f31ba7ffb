/**
 * Calls `onChange` whenever the CMS page may show another child: any change to the page's DOM (a single-page
 * CMS swapping the record in place) or to its address (history navigation, hash changes, the Navigation API).
 * The callback runs in the same task as the change (MutationObserver delivers at the end of the microtask),
 * so the panel is reset before the browser paints the new child.
 *
 * Changes inside same-origin frames and open shadow roots are not seen by an observer on the page itself: the
 * shim hands `follow()` every frame and shadow root its selectors went into, and those are observed too (and a
 * frame's new document, when the frame loads another page).
 */

export interface WatchOptions {
  /** Changes inside these nodes are ignored (the panel's own element). */
  ignore?: () => Array<Node | null | undefined>;
}

export interface PageWatch {
  /** Also watch these frames (their documents, and their loading another page) and shadow roots. */
  follow(roots: Array<Document | ShadowRoot | Element>): void;
  stop(): void;
}

export function watchPage(win: Window, onChange: () => void, options: WatchOptions = {}): PageWatch {
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

  const followed = new WeakSet<object>();
  const frames: Element[] = [];
  const onFrameLoad = (): void => onChange();
  const follow = (roots: Array<Document | ShadowRoot | Element>): void => {
    for (const root of roots) {
      if (followed.has(root)) continue;
      followed.add(root);
      // An element (not instanceof: it may belong to another frame).
      if (root.nodeType === 1) {
        // A frame element: its document is replaced when it loads another page.
        root.addEventListener('load', onFrameLoad);
        frames.push(root as Element);
      } else {
        const target = 'documentElement' in root ? root.documentElement : root;
        if (target) observer.observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
      }
    }
  };

  const stop = (): void => {
    for (const frame of frames) frame.removeEventListener('load', onFrameLoad);
    observer.disconnect();
    win.removeEventListener('popstate', onUrl);
    win.removeEventListener('hashchange', onUrl);
    navigation?.removeEventListener('navigatesuccess', onNavigated);
  };
  return { follow, stop };
}
