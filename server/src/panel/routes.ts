/**
 * What the host shims need from the server, beside the bundles in /dist:
 *
 *   GET /panel/shim-config/<name>.json  a host shim config: from FC_SHIM_CONFIG_DIR when it is set (the council's
 *                                       own files, and only those), else the built-in demo configs
 *   GET /panel/frame.html               the panel for iframe mode; only FC_ALLOWED_ORIGINS may frame it (and the
 *                                       server itself in demo mode), and only they may send it the context
 *   GET /panel/oidc-callback.html       the sign-in callback page (popup and silent renewal) for iframe mode
 *   GET /panel/snippet.txt              the one-line iframe-mode snippet for CMS page templates, for this server
 *   GET /panel/snippet.js               the same snippet as a script file, for pages whose CSP forbids inline script
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Router, type Request } from 'express';
import { DEFAULT_EIS_CONFIG } from '../../../host-shims/eis/default-config.js';
import { DATA_ATTRIBUTES_CONFIG, DEFAULT_GENERIC_CONFIG } from '../../../host-shims/generic/default-config.js';
import { hostSnippet, hostSnippetFile } from '../../../host-shims/iframe/snippet.js';
import { DEFAULT_LCS_CONFIG } from '../../../host-shims/lcs/default-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../../host-shims/mosaic/default-config.js';
import type { Config } from '../config.js';
import { sendError } from '../http/errors.js';
import { cors } from '../http/middleware.js';

/** The configs served when FC_SHIM_CONFIG_DIR is not set (the demo pages use them). */
export const BUILT_IN_SHIM_CONFIGS: Readonly<Record<string, unknown>> = {
  mosaic: DEFAULT_MOSAIC_CONFIG,
  eis: DEFAULT_EIS_CONFIG,
  lcs: DEFAULT_LCS_CONFIG,
  generic: DEFAULT_GENERIC_CONFIG,
  'generic-data-attributes': DATA_ATTRIBUTES_CONFIG,
  frame: DEFAULT_GENERIC_CONFIG,
};

const CONFIG_NAME = /^([a-z0-9][a-z0-9-]{0,63})\.json$/;

/** A Host header that is a host name or address and an optional port: nothing else reaches a page or a snippet. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin this request reached (the server's own), e.g. http://127.0.0.1:8080: http or https only (the
 * protocol a trusted proxy forwarded), and a well-formed Host, else undefined.
 */
function ownOrigin(req: Request): string | undefined {
  const host = req.get('host') ?? '';
  if (!HOST.test(host)) return undefined;
  return `${req.protocol === 'https' ? 'https' : 'http'}://${host.toLowerCase()}`;
}

const BAD_HOST = 'The request\'s Host header is not a host name and port. Reach Family Context by its own address.';

/** Origins allowed to frame the panel and send it the context. */
export function frameOrigins(config: Pick<Config, 'allowedOrigins' | 'demo'>, own: string): string[] {
  const origins = [...config.allowedOrigins];
  if (config.demo && !origins.includes(own)) origins.push(own);
  return origins;
}

/** JSON inside a <script> element: "<" escaped so the data can never close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const FRAME_STYLES = `html, body { margin: 0; height: 100%; background: #fff; font-family: arial, sans-serif; }
body { display: flex; flex-direction: column; }
.fc-frame-bar { display: flex; padding: 4px 8px; border-bottom: 1px solid #b1b4b6; background: #f3f2f1; }
body.collapsed .fc-frame-bar { height: 100%; padding: 8px 2px; border: 0; }
.fc-frame-toggle { font: 600 16px/1.2 arial, sans-serif; background: #fff; color: #0b0c0c; border: 2px solid #0b0c0c; padding: 4px 8px; cursor: pointer; min-height: 36px; }
body.collapsed .fc-frame-toggle { writing-mode: vertical-rl; padding: 8px 4px; }
.fc-frame-toggle:focus-visible { outline: 3px solid #ffdd00; }
.fc-frame-content { flex: 1; overflow-y: auto; }
.fc-frame-notice { margin: 10px; padding: 10px; border-left: 5px solid #d4351c; }`;

export function panelRouter(config: Readonly<Config>): Router {
  const router = Router();

  router.get('/shim-config/:file', cors(config.allowedOrigins), async (req, res) => {
    const name = CONFIG_NAME.exec(String(req.params.file))?.[1];
    if (!name) return sendError(res, 404, 'not-found', 'Shim configs are named like mosaic.json (lower-case letters, digits and hyphens).');
    res.set('Cache-Control', 'no-cache');
    if (config.shimConfigDir) {
      try {
        const text = await readFile(join(config.shimConfigDir, `${name}.json`), 'utf8');
        return res.type('json').send(text);
      } catch {
        return sendError(res, 404, 'not-found', `There is no ${name}.json in FC_SHIM_CONFIG_DIR.`);
      }
    }
    const builtIn = BUILT_IN_SHIM_CONFIGS[name];
    if (!builtIn) return sendError(res, 404, 'not-found', `There is no built-in shim config called ${name}.`);
    res.json(builtIn);
  });

  router.get('/frame.html', async (req, res) => {
    const own = ownOrigin(req);
    if (!own) return sendError(res, 400, 'invalid-request', BAD_HOST, [{ field: 'Host', message: 'must be a host name and port' }]);
    const origins = frameOrigins(config, own);
    let configUrl: string | undefined;
    if (config.shimConfigDir) configUrl = '/panel/shim-config/frame.json';
    const ancestors = origins.length ? origins.map((o) => (o === own ? "'self'" : o)).join(' ') : "'none'";
    res.removeHeader('X-Frame-Options');
    res
      .type('html')
      .set('Cache-Control', 'no-cache')
      .set(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' https:; frame-src 'self' https:; frame-ancestors ${ancestors}`,
      )
      .send(`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Family context</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${FRAME_STYLES}</style>
<script type="application/json" id="fc-frame-settings">${scriptJson({ allowedOrigins: origins, ...(configUrl ? { configUrl } : {}) })}</script>
</head>
<body>
<script type="module" src="/dist/host-shims/frame.js"></script>
</body>
</html>
`);
  });

  router.get('/oidc-callback.html', (_req, res) => {
    res.removeHeader('X-Frame-Options');
    res
      .type('html')
      // The popup must keep its opener (the panel) to hand back the answer; only our own pages may frame it.
      .set('Cross-Origin-Opener-Policy', 'unsafe-none')
      .set('Content-Security-Policy', "default-src 'none'; script-src 'self'; frame-ancestors 'self'")
      .set('Cache-Control', 'no-store')
      .send(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Family Context sign-in</title></head>
<body><script type="module" src="/dist/host-shims/oidc-callback.js"></script></body></html>
`);
  });

  router.get('/snippet.txt', (req, res) => {
    const own = ownOrigin(req);
    if (!own) return sendError(res, 400, 'invalid-request', BAD_HOST, [{ field: 'Host', message: 'must be a host name and port' }]);
    res.type('text/plain').send(`<script>${hostSnippet(own)}</script>\n`);
  });

  router.get('/snippet.js', (req, res) => {
    const own = ownOrigin(req);
    if (!own) return sendError(res, 400, 'invalid-request', BAD_HOST, [{ field: 'Host', message: 'must be a host name and port' }]);
    // Loaded by CMS pages on other origins as a classic script: no CORS needed; short cache (it names this origin).
    res.type('text/javascript').set('Cache-Control', 'public, max-age=300').set('Cross-Origin-Resource-Policy', 'cross-origin').send(hostSnippetFile(own));
  });

  return router;
}
