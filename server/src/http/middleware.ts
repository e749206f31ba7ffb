/** Cross-cutting HTTP concerns: request ids, request logs, security headers and CORS for the CMS origins. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from './logger.js';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

export function requestId(): RequestHandler {
  return (req, res, next) => {
    req.id = randomUUID();
    res.set('X-Request-Id', req.id);
    next();
  };
}

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // The whole path as asked (by 'finish' the routers have unwound and req.path lost its mount prefix), never the
    // query string. Personal data never travels in our URLs; an address nothing answers could carry anything, so a
    // 404 is logged without it.
    const path = req.originalUrl.split('?')[0];
    res.on('finish', () => {
      logger.info({
        requestId: req.id,
        method: req.method,
        path: res.statusCode === 404 ? 'not-found' : path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        user: req.user?.sub,
      }, 'request');
    });
    next();
  };
}

export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    });
    next();
  };
}

/** API responses hold personal data: never cached by browsers or proxies. */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
}

/** CORS for the allow-listed CMS origins only. Other origins get no CORS headers, so browsers refuse them. */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && allowed.has(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      res.append('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.set({
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
          'Access-Control-Max-Age': '600',
        });
        res.status(204).end();
        return;
      }
    } else if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * Answers 503 when a request runs longer than `ms` (a stuck database must not hang the panel). The work may still
 * finish in the background; the client is told to try again.
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) {
        res.status(503).json({ error: 'timeout', message: 'Family Context took too long to answer. Try again in a minute.' });
      }
    }, ms);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    next();
  };
}
