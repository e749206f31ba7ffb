/**
 * The iframe-mode host snippet: one line a council pastes into its CMS page template, after the element that
 * holds the context (`<script type="application/json" id="family-context">{ "child": ..., "people": [...] }`).
 * GET /panel/snippet.txt on the Family Context server prints it with the server's origin filled in.
 *
 * What the line does, readably:
 *   - creates the panel's iframe (<origin>/panel/frame.html), fixed to the right, and gives the page a right
 *     margin of the same width so it covers none of the page's controls; as wide as the side panel: half the
 *     window (at most 30rem) but at least 20rem, or the whole window when that is narrower (320 px phones);
 *   - when the frame says "ready", sends it the context, and sends it again whenever the JSON changes (the
 *     worker moved to another child); `null` when the page has no context element;
 *   - accepts messages only from the frame's window and only from Family Context's origin, and sends the
 *     context only to that origin (postMessage's targetOrigin), so no other site can read it;
 *   - resizes the frame when the panel is hidden or shown, and focuses it on Alt+Shift+F.
 */

const SNIPPET =
  "(function(o,id){var d=document,f=d.createElement('iframe'),w='max(min(30rem,50vw),min(20rem,100vw))',last;" +
  "f.src=o+'/panel/frame.html';f.title='Family context';" +
  "f.style.cssText='position:fixed;top:0;right:0;height:100%;box-sizing:border-box;border:0;border-left:1px solid #b1b4b6;z-index:2147483000;background:#fff;width:'+w;" +
  "d.body.style.marginRight=w;d.body.appendChild(f);" +
  "function send(force){var el=d.getElementById(id),t=el?el.textContent:'',c=null;if(!f.contentWindow||(!force&&t===last))return;last=t;" +
  "try{c=t?JSON.parse(t):null}catch(e){c=null}f.contentWindow.postMessage({type:'family-context:context',version:1,context:c},o)}" +
  "addEventListener('message',function(e){if(e.origin!==o||e.source!==f.contentWindow||!e.data)return;" +
  "if(e.data.type==='family-context:ready')send(true);" +
  "if(e.data.type==='family-context:layout')d.body.style.marginRight=f.style.width=e.data.collapsed?'2.75rem':w});" +
  "addEventListener('keydown',function(e){if(e.altKey&&e.shiftKey&&e.code==='KeyF'){e.preventDefault();f.focus()}});" +
  "new MutationObserver(function(){send(false)}).observe(d.documentElement,{subtree:true,childList:true,characterData:true})" +
  '})(__ORIGIN__,__ID__);';

/** The one-line snippet (JavaScript, without the <script> tags) for a Family Context server at `origin`. */
export function hostSnippet(origin: string, contextElementId = 'family-context'): string {
  const url = new URL(origin);
  if (url.origin !== origin) throw new Error(`hostSnippet: "${origin}" is not an origin (scheme and host only, e.g. https://fc.council.gov.uk)`);
  if (!/^[A-Za-z][\w-]*$/.test(contextElementId)) throw new Error(`hostSnippet: "${contextElementId}" is not a plain element id`);
  return SNIPPET.replace('__ORIGIN__', JSON.stringify(origin)).replace('__ID__', JSON.stringify(contextElementId));
}

/**
 * The snippet as an external script file (GET /panel/snippet.js), for pages whose Content-Security-Policy allows
 * no inline script (`script-src` without 'unsafe-inline'): `<script src="<origin>/panel/snippet.js"></script>`,
 * after the context element. A different context element id is given as `data-context-id` on that tag.
 */
export function hostSnippetFile(origin: string): string {
  const url = new URL(origin);
  if (url.origin !== origin) throw new Error(`hostSnippetFile: "${origin}" is not an origin (scheme and host only, e.g. https://fc.council.gov.uk)`);
  const id = "(function(s){var v=s&&s.getAttribute('data-context-id');return v&&/^[A-Za-z][\\w-]*$/.test(v)?v:'family-context'})(document.currentScript)";
  return `${SNIPPET.replace('__ORIGIN__', JSON.stringify(origin)).replace('__ID__', id)}\n`;
}
