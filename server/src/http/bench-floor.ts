/**
 * POST /bench/floor, mounted only when FC_BENCH_FLOOR=1 (refused in production): the benchmark's floor.
 * It parses the same JSON body as a lookup and answers with JSON of the size asked for in `x-bench-bytes`
 * (the size of a real answer), with no auth and no database: what express and HTTP alone cost on this machine.
 */
import express, { Router } from 'express';

const MAX_BYTES = 1_000_000;

export function benchFloorRouter(): Router {
  const router = Router();
  const bodies = new Map<number, string>();
  router.post('/floor', express.json({ limit: '64kb', strict: true }), (req, res) => {
    const bytes = Math.min(MAX_BYTES, Math.max(16, Number(req.get('x-bench-bytes')) || 1024));
    let body = bodies.get(bytes);
    if (!body) {
      body = JSON.stringify({ padding: 'x'.repeat(bytes - '{"padding":""}'.length) });
      bodies.set(bytes, body);
    }
    res.type('json').send(body);
  });
  return router;
}
