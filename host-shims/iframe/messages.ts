/**
 * The messages between a CMS page (the one-line host snippet) and the panel's iframe (/panel/frame.html).
 *
 *   frame → page   { type: "family-context:ready", version: 1 }            "send me the context"
 *   frame → page   { type: "family-context:layout", version: 1, collapsed }  "make me narrow / wide"
 *   page  → frame  { type: "family-context:context", version: 1, context }   the page's context JSON, or null
 *
 * The frame accepts a message only from its parent window, from an allow-listed origin, and only when it
 * matches the schema below; the snippet accepts messages only from the frame's window and our origin.
 */
import { z } from 'zod';

export const READY = 'family-context:ready';
export const LAYOUT = 'family-context:layout';
export const CONTEXT = 'family-context:context';
export const PROTOCOL_VERSION = 1;

export const contextMessageSchema = z.strictObject({
  type: z.literal(CONTEXT),
  version: z.literal(PROTOCOL_VERSION),
  /** null: the page shows no child (yet). */
  context: z.unknown(),
});

// The context's own shape is checked by readContextJson (core/page-context.ts), which names each wrong field.
