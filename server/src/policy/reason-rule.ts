/**
 * What counts as a written reason for looking up someone not linked to the child: at least MIN_REASON_CHARACTERS
 * letters or digits once invisible characters are left out (format characters such as zero-width spaces and
 * joiners, bidirectional controls such as a right-to-left override, and other default-ignorable characters such
 * as the Hangul fillers). Punctuation and spaces do not count: ".........." is not a reason. The reason is stored
 * as typed; this only decides whether it is one.
 *
 * One rule for the server (request-schema.ts, link-policy.ts) and the panel (widget/src/search-form.ts): no
 * imports, so the widget's browser bundle can use it.
 */
export const MIN_REASON_CHARACTERS = 10;

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const COUNTED = /[\p{L}\p{N}]/gu;

/** How many letters and digits a reason has once invisible characters are left out. */
export function reasonCharacterCount(reason: string): number {
  return reason.replace(INVISIBLE, '').match(COUNTED)?.length ?? 0;
}

/**
 * Bidirectional embeddings, overrides and isolates (and the marks): they make a reason read differently on screen
 * from what is stored, so a reason holding one is refused whatever else it says.
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** True when `reason` is a reason: at least MIN_REASON_CHARACTERS visible letters or digits, no bidi controls. */
export function isReason(reason: string | undefined): boolean {
  return reason !== undefined && !BIDI_CONTROL.test(reason) && reasonCharacterCount(reason) >= MIN_REASON_CHARACTERS;
}

/** What to tell someone whose reason is not one. */
export const REASON_RULE_MESSAGE = `must have at least ${MIN_REASON_CHARACTERS} letters or digits, and no right-to-left or other direction controls (spaces, punctuation and invisible characters do not count)`;
