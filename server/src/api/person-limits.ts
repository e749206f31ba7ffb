/**
 * The most previous surnames and previous postcodes one person may carry, wherever they come from (the API, the CMS
 * relationship feed, a page's JSON context): more is not history, it is a mistake upstream. No imports, so the
 * host shims' browser bundle can use it too.
 */
export const MAX_PREVIOUS_LAST_NAMES = 5;
export const MAX_PREVIOUS_POSTCODES = 10;
/** The longest name (first, last or previous surname) the service takes, in characters. */
export const MAX_NAME_LENGTH = 100;
