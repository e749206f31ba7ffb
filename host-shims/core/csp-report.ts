/**
 * Says in the console, once per directive, when the CMS page's Content-Security-Policy blocks something of
 * Family Context's (our script's requests to the API, our styles, our frame): council IT then knows which
 * directive to change instead of seeing a dead or unstyled panel. Only our own blocks are reported, by origin;
 * no address beyond the origin is printed.
 */

const STYLES_NOTE = "the panel's styles need no change to style-src in current browsers; an older browser needs 'unsafe-inline'";

const ADVICE: Record<string, (origin: string) => string> = {
  'script-src': (o) => `add ${o} to script-src`,
  'script-src-elem': (o) => `add ${o} to script-src`,
  'connect-src': (o) => `add ${o} to connect-src (the panel asks the Family Context API there)`,
  'style-src': () => STYLES_NOTE,
  'style-src-elem': () => STYLES_NOTE,
  'style-src-attr': () => 'nothing of the panel needs style attributes: please report this',
  'frame-src': (o) => `add ${o} to frame-src (iframe mode, and the sign-in's silent renewal)`,
  'child-src': (o) => `add ${o} to frame-src`,
  'img-src': (o) => `add ${o} to img-src (the council logo)`,
};

export function reportCspBlocks(doc: Document, ourOrigin: string, label: string): () => void {
  const reported = new Set<string>();
  const listener = (event: Event): void => {
    const violation = event as SecurityPolicyViolationEvent;
    const urls = [violation.blockedURI, violation.sourceFile];
    const ours = urls.some((url) => typeof url === 'string' && url.startsWith(ourOrigin));
    if (!ours) return;
    const directive = violation.effectiveDirective || violation.violatedDirective;
    if (reported.has(directive)) return;
    reported.add(directive);
    const advice = ADVICE[directive]?.(ourOrigin) ?? `allow ${ourOrigin} in ${directive}`;
    const what = violation.blockedURI === 'inline' ? 'an inline style or script' : `a request to ${ourOrigin}`;
    console.error(
      `${label}: this page's Content-Security-Policy directive "${directive}" blocked ${what} of Family Context. ` +
        `To fix: ${advice}. The README's "Content-Security-Policy" section lists the directives for each mode.`,
    );
  };
  doc.addEventListener('securitypolicyviolation', listener, true);
  return () => doc.removeEventListener('securitypolicyviolation', listener, true);
}
