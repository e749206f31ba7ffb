/**
 * POST /api/v1/feedback: "not this person" / "information wrong" on a record the user was shown (in the audit log,
 * within FC_FEEDBACK_WINDOW_DAYS), at most FC_FEEDBACK_PER_HOUR an hour, behind the lookup's auth, each recorded
 * in the audit chain.
 */
import express, { Router, type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { FeedbackResponse } from '../api/contract.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { sendError } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import type { Clock } from '../time/calendar.js';
import { appendAuditEvent, countFeedbackSince, shownFor } from '../audit/repository.js';
import { feedbackPersonKey, parseRecordRef, recordFeedback } from './repository.js';
import { validateFeedbackRequest } from './request-schema.js';
import { firstRows } from '../sources/statement-limits.js';

const HOUR_MS = 3_600_000;

export interface FeedbackDeps {
  db: Kysely<Database>;
  config: Readonly<Config>;
  clock: Clock;
  logger: Logger;
  requireUser: RequestHandler | RequestHandler[];
}

export function feedbackRouter({ db, config, clock, logger, requireUser }: FeedbackDeps): Router {
  const router = Router();
  const json = express.json({ limit: '32kb', strict: true });
  const auth = Array.isArray(requireUser) ? requireUser : [requireUser];

  router.post('/feedback', ...auth, json, async (req, res) => {
    if (!req.is('application/json')) {
      return sendError(res, 415, 'unsupported-media-type', 'Send the feedback as JSON with Content-Type: application/json.', [
        { field: 'body', message: 'must be JSON' },
      ]);
    }
    const validation = validateFeedbackRequest(req.body, config.services.map((s) => s.key));
    if (!validation.ok) {
      const summary = validation.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      return sendError(res, 400, 'invalid-request', `The feedback was not valid. ${summary}.`, validation.fields);
    }
    const feedback = validation.value;
    try {
      const at = clock();
      // Rate-limited per user, from the audit log (shared by replicas): each post is an audit event of its own.
      const { count, oldest } = await countFeedbackSince(db, req.user!.sub, new Date(at.getTime() - HOUR_MS));
      if (count >= config.feedbackPerHour) {
        const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest ?? at.toISOString()) + HOUR_MS - at.getTime()) / 1000));
        res.set('Retry-After', String(retryAfter));
        return sendError(res, 429, 'rate-limited', `You have sent ${count} pieces of feedback in the last hour, the most allowed. Try again in ${Math.ceil(retryAfter / 60)} minutes.`);
      }
      // Only on a record this user was shown in a lookup of theirs (the audit log's refs), within the window; a
      // ref that is not loaded gets the same answer, so the answer says nothing about what exists.
      const ref = parseRecordRef(feedback.recordRef)!;
      // ... for the person it was shown for (the same CMS id, or names and date of birth), not anyone else.
      const shownTo = await shownFor(db, req.user!.sub, feedback.recordRef, new Date(at.getTime() - config.feedbackWindowDays * 86_400_000));
      const shown = shownTo.some((p) => feedbackPersonKey({ ...p, firstName: p.firstName ?? '', lastName: p.lastName ?? '' }) === feedbackPersonKey(feedback.person));
      const known =
        shown &&
        (await firstRows(
          db,
          db.selectFrom('source_record').select('id').where('service', '=', feedback.service).where('source_person_id', '=', ref.sourcePersonId),
          1,
        ).executeTakeFirst());
      // Recorded in the audit chain first, refused or not: a dispute changes what every colleague is shown, so
      // information governance must see who asked what, about whom, when.
      await appendAuditEvent(db, {
        requestId: req.id,
        occurredAt: at,
        kind: 'feedback',
        user: req.user!,
        child: feedback.child,
        people: [feedback.person],
        reason: `${feedback.kind} ${feedback.recordRef}`,
        ...(known ? {} : { policy: { name: 'feedback', people: [], refused: { error: 'invalid-request', fields: ['recordRef'] } } }),
        outcome: [],
        clientAddress: req.ip,
      });
      if (!known) {
        const message = `not a record you were shown in a lookup in the last ${config.feedbackWindowDays} days; send the ref your lookup returned`;
        return sendError(res, 400, 'invalid-request', `The feedback was not valid. recordRef: ${message}.`, [{ field: 'recordRef', message }]);
      }
      const feedbackId = await recordFeedback(db, feedback, { sub: req.user!.sub, name: req.user!.name, requestId: req.id, at });
      const body: FeedbackResponse = { feedbackId };
      res.status(201).json(body);
    } catch (error) {
      logger.error({ requestId: req.id, err: error instanceof Error ? error.message : String(error) }, 'feedback failed');
      sendError(res, 503, 'feedback-unavailable', 'Your feedback could not be saved just now. Try again in a minute; if it keeps happening, tell your IT service desk.');
    }
  });

  return router;
}
