/**
 * Demo-only routes (FC_DEMO=1): the local issuer's token and key endpoints and the fake CMS pages.
 * Never mounted otherwise; config refuses demo mode in production.
 */
import { createHash } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { PageVariant } from '../../../fixtures/cms-pages/page-data.js';
import type { DemoIssuer } from '../auth/demo-issuer.js';
import { sendError } from '../http/errors.js';
import { todayIn, type Clock } from '../time/calendar.js';
import type { DemoCalendar } from './seed-day.js';

const tokenRequest = z.strictObject({
  user: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(z.string().min(1).max(100)).max(20),
});

/**
 * `calendar`: the day the demo data was seeded for, re-seeded on a new day (seed-day.ts); pages are rendered for that
 * day. Without one (tests of the pages alone), pages are rendered for today.
 */
export function demoRouter(issuer: DemoIssuer, audience: string, clock: Clock, calendar?: DemoCalendar): Router {
  const router = Router();
  const pageDay = async (): Promise<string> => (calendar ? calendar.today() : todayIn(clock));

  router.get('/jwks.json', (_req, res) => {
    res.json(issuer.jwks);
  });

  router.post('/token', express.json({ limit: '4kb' }), async (req, res) => {
    const parsed = tokenRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
      return sendError(res, 400, 'invalid-request', 'Send { "user": "...", "roles": ["FamilyContext.User"] }.', fields);
    }
    const expiresIn = 900;
    const token = await issuer.mint({ ...parsed.data, audience, expiresInSeconds: expiresIn });
    res.set('Cache-Control', 'no-store').json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  });

  // The fake CMS pages are fixtures, loaded only when a demo page is asked for. `?variant=` shows one of the
  // test variants (collapsed, missing-dob, names, duplicate, markup, deceased-ended, other-child).
  const pageCsp = (scriptHashes: string[] = []): string =>
    `default-src 'self'; script-src 'self'${scriptHashes.map((h) => ` '${h}'`).join('')}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'`;
  const variantOf = async (req: Request): Promise<PageVariant | undefined> => {
    const { PAGE_VARIANTS } = await import('../../../fixtures/cms-pages/page-data.js');
    const asked = typeof req.query.variant === 'string' ? req.query.variant : 'standard';
    return PAGE_VARIANTS.find((v) => v === asked);
  };
  for (const cms of ['mosaic', 'eis', 'lcs'] as const) {
    router.get(`/${cms}.html`, async (req, res) => {
      const variant = await variantOf(req);
      if (!variant) return sendError(res, 404, 'not-found', 'There is no such demo page variant.');
      const { renderCmsPageFile } = await import('../../../fixtures/cms-pages/render.js');
      const html = await renderCmsPageFile(cms, await pageDay(), variant);
      res.type('html').set('Content-Security-Policy', pageCsp()).send(html);
    });
  }
  // A page of the council's own making that carries the context as JSON, read by the generic shim.
  router.get('/generic.html', async (req, res) => {
    const variant = await variantOf(req);
    if (!variant) return sendError(res, 404, 'not-found', 'There is no such demo page variant.');
    const { cmsPageData } = await import('../../../fixtures/cms-pages/page-data.js');
    const { renderGenericPage } = await import('../../../fixtures/cms-pages/render-page.js');
    const script = '<script type="module" src="/dist/host-shims/generic.js"></script>';
    const html = renderGenericPage(cmsPageData(await pageDay(), variant), 'json', script);
    res.type('html').set('Content-Security-Policy', pageCsp()).send(html);
  });
  // Iframe mode: the same JSON page, with the one-line snippet instead of our script.
  router.get('/iframe.html', async (req, res) => {
    const variant = await variantOf(req);
    if (!variant) return sendError(res, 404, 'not-found', 'There is no such demo page variant.');
    const { cmsPageData } = await import('../../../fixtures/cms-pages/page-data.js');
    const { renderGenericPage } = await import('../../../fixtures/cms-pages/render-page.js');
    const { hostSnippet } = await import('../../../host-shims/iframe/snippet.js');
    const snippet = hostSnippet(`${req.protocol}://${req.get('host')}`);
    const hash = `sha256-${createHash('sha256').update(snippet).digest('base64')}`;
    res
      .type('html')
      .set('Content-Security-Policy', pageCsp([hash]))
      .send(renderGenericPage(cmsPageData(await pageDay(), variant), 'json', `<script>${snippet}</script>`));
  });
  router.get(['/', '/index.html'], (_req, res) => {
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Family Context demo</title></head>
<body style="font-family: Arial, sans-serif; margin: 2rem; font-size: 19px"><h1>Family Context demo</h1>
<p>All people and records here are synthetic.</p><ul>
<li><a href="/demo/mosaic.html">Mosaic child record</a></li>
<li><a href="/demo/eis.html">EIS child record</a></li>
<li><a href="/demo/lcs.html">Liquidlogic LCS child record</a></li>
<li><a href="/demo/generic.html">A page that carries the context as JSON (generic shim)</a></li>
<li><a href="/demo/iframe.html">Iframe mode: the panel in a frame, sent the context by a one-line snippet</a></li>
</ul>
<p>Each page also takes <code>?variant=</code> collapsed, missing-dob, names, duplicate, markup, deceased-ended or other-child.</p>
<p>Keyboard: <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>F</kbd> opens the panel and moves to it; pressed again inside the panel, it hides it.</p></body></html>`);
  });
  return router;
}
