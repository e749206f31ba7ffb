/**
 * Demo-only routes (FC_DEMO=1): the local issuer's token and key endpoints and the fake CMS pages.
 * Never mounted otherwise; config refuses demo mode in production.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { DemoIssuer } from '../auth/demo-issuer.js';
import { sendError } from '../http/errors.js';
import { todayIn, type Clock } from '../time/calendar.js';

const tokenRequest = z.strictObject({
  user: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(z.string().min(1).max(100)).max(20),
});

export function demoRouter(issuer: DemoIssuer, audience: string, clock: Clock): Router {
  const router = Router();

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

  // The fake CMS pages are fixtures, loaded only when a demo page is asked for.
  router.get('/mosaic.html', async (_req, res) => {
    const { renderMosaicPage } = await import('../../../fixtures/cms-pages/render.js');
    res
      .type('html')
      .set('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'")
      .send(await renderMosaicPage(todayIn(clock)));
  });
  router.get(['/', '/index.html'], (_req, res) => {
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Family Context demo</title></head>
<body style="font-family: Arial, sans-serif; margin: 2rem; font-size: 19px"><h1>Family Context demo</h1>
<p>All people and records here are synthetic.</p><ul><li><a href="/demo/mosaic.html">Mosaic child record</a></li></ul></body></html>`);
  });
  return router;
}
