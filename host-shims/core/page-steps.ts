/**
 * Selectors that reach into same-origin frames and open shadow roots. A config selector is one or more CSS
 * selectors joined by ">>>": each step is matched inside what the step before it found, going *into* it — the
 * document of a frame or iframe, or the open shadow root of a web component.
 *
 *   "#relationships tbody tr"                               the page itself (plain CSS, as before)
 *   "iframe#relationships-frame >>> tbody tr"               rows inside a same-origin iframe
 *   "cms-relationships >>> tr.person"                       rows inside a web component's open shadow root
 *   "parent >>> frame[name=main] >>> #relationships tr"     rows in a sibling frame of a frameset
 *   ":scope >>> .name"                                      inside a row's (or container's) own shadow root
 *
 * The first step may be `top` (the topmost window's document) or `parent` (the enclosing frameset's). A frame
 * from another origin, a closed shadow root or a frame still loading matches nothing. Every frame and shadow
 * root entered is remembered, so the page watcher can follow changes inside them too.
 */

export const STEP = '>>>';
const SPLIT = /\s*>>>\s*/;

/** Frames and shadow roots entered by reads since the last `takeEnteredRoots()`. */
let entered = new Set<Document | ShadowRoot | Element>();

export function hasSteps(selector: string): boolean {
  return selector.includes(STEP);
}

export function stepsOf(selector: string): string[] {
  return selector.trim().split(SPLIT);
}

/** What is inside an element for the next step: a same-origin frame's document, or an open shadow root. */
function inside(element: Element): ParentNode | null {
  const tag = element.localName;
  if (tag === 'iframe' || tag === 'frame' || tag === 'object') {
    entered.add(element);
    try {
      const doc = (element as HTMLIFrameElement).contentDocument;
      if (doc) entered.add(doc);
      return doc;
    } catch {
      return null;
    }
  }
  const root = element.shadowRoot;
  if (root) entered.add(root);
  return root;
}

function windowDocument(start: ParentNode, which: 'top' | 'parent'): ParentNode | null {
  const doc = isDocument(start) ? start : (start as Node).ownerDocument;
  const win = doc?.defaultView;
  if (!win) return null;
  try {
    const target = which === 'top' ? win.top : win.parent;
    const other = target?.document ?? null;
    if (other && other !== doc) entered.add(other);
    return other;
  } catch {
    return null; // another origin
  }
}

// Node types, not instanceof: a node from another frame belongs to that frame's Element and Document classes.
const isElement = (node: ParentNode): node is Element => (node as Node).nodeType === 1;
const isDocument = (node: ParentNode): node is Document => (node as Node).nodeType === 9;

function matchStep(root: ParentNode, step: string): Element[] {
  if (step === ':scope') return isElement(root) ? [root] : [];
  return [...root.querySelectorAll(step)];
}

/** Every element the selector matches, in order, from `start` (a document, a container or a row). */
export function queryAll(start: ParentNode, selector: string): Element[] {
  if (!hasSteps(selector)) return matchStep(start, selector);
  const steps = stepsOf(selector);
  let roots: ParentNode[] = [start];
  const first = steps[0];
  if (first === 'top' || first === 'parent') {
    const other = windowDocument(start, first);
    roots = other ? [other] : [];
    steps.shift();
  }
  for (let i = 0; i < steps.length; i++) {
    const matches = roots.flatMap((root) => matchStep(root, steps[i]!));
    if (i === steps.length - 1) return matches;
    roots = matches.map(inside).filter((root): root is ParentNode => root !== null);
  }
  return [];
}

/** The first element the selector matches, or null. */
export function queryOne(start: ParentNode, selector: string): Element | null {
  if (hasSteps(selector)) return queryAll(start, selector)[0] ?? null;
  if (selector === ':scope') return isElement(start) ? start : null;
  return start.querySelector(selector);
}

/** The frames, frame elements and shadow roots entered since the last call (for the page watcher). */
export function takeEnteredRoots(): Array<Document | ShadowRoot | Element> {
  const roots = [...entered];
  entered = new Set();
  return roots;
}

/** Steps the browser cannot parse, as problems naming `path`. `top`/`parent` only as the first step. */
export function invalidSteps(path: string, selector: string, probe: ParentNode): string[] {
  const steps = stepsOf(selector);
  const problems: string[] = [];
  steps.forEach((step, i) => {
    if (i === 0 && (step === 'top' || step === 'parent') && steps.length > 1) return;
    if (step === ':scope') return;
    if (step === '') {
      problems.push(`${path}: "${selector}" has an empty step around ">>>"`);
      return;
    }
    try {
      probe.querySelector(step);
    } catch {
      problems.push(`${path}: "${step}"${steps.length > 1 ? ` (in "${selector}")` : ''} is not a valid CSS selector`);
    }
  });
  return problems;
}
