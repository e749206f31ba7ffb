/**
 * Every fixed piece of text the panel shows, so a council can change its wording with the `wording` property
 * (a partial map of these keys). `{name}`-style placeholders are filled in by `fill`.
 *
 * Words from the server (explanations, source names, record details) are not here: they come with each answer.
 */
import { ERROR_MESSAGES } from './api-request.js';

export const DEFAULT_WORDING = {
  title: 'Family context',
  childLabel: 'Child:',
  peopleTitle: 'People linked to {child}',
  noPeople: 'No people on this page.',
  noPeopleForChild:
    'No people linked to {child} were found on this page. People linked to the child in the case record are listed here.',
  noContext: "Open a child's record to see the people linked to them.",
  checkAll: 'Check all',
  check: 'Check',
  again: 'again',
  checking: 'Checking…',
  checkFailed: 'Not checked: the check failed',
  showAll: 'Show all sections',
  hideAll: 'Hide all sections',
  show: 'Show',
  hide: 'Hide',
  foundBySearch: 'not linked in the case record',
  relationshipsWaiting: 'Waiting for the relationships list…',
  relationshipsNotFound:
    'The relationships list for {child} could not be found on this page, so only {child} is listed. Check the case record for the family.',
  unreadableOne: '1 person linked to {child} on the page could not be read, so is not listed. Check them in the case record, or search for them below.',
  unreadableMany: '{count} people linked to {child} on the page could not be read, so are not listed. Check them in the case record, or search for them below.',

  whoToCall: 'Who to call first',
  whoNoneInvolved: 'No service is involved with anyone checked.',
  whoNotCheckedHint: 'there may be records: ask the service',
  noLead: 'No named contact',
  tagInvolved: 'Involved',
  tagPossible: 'Possible match',
  tagNotChecked: 'Not checked',
  tagNotFound: 'Not found',
  tagNotShown: 'Not shown',

  involved: 'Involved:',
  possible: 'Possible match:',
  noRecords: 'Not found in:',
  notChecked: 'Not checked:',
  notApplicable: 'Not shown:',
  dismissed: 'Marked not this person:',
  noServices: 'No services answered',
  outOfDate: 'source out of date',
  reasonNoData: 'no data loaded',
  reasonSearchFailed: 'could not be searched just now',
  reasonNoDateOfBirth: 'no date of birth',
  reasonUnreadableRows: 'unreadable rows in the extract',
  reasonAddressUnknown: 'address not known',
  reasonOutsideArea: 'lives outside its area',
  notCheckedTitle: 'Not checked: there may be records',
  notCheckedHint: 'These could not be searched, so there may be records. Ask the service directly.',
  notShownTitle: "Not shown, by the council's rules:",
  staleWarning: 'Out of date: {source} was last updated on {date}, longer ago than its limit.',
  staleWarningNoDate: 'Out of date: {source} is older than its limit.',
  possibleSummary: 'Possible match in {service}: check before relying on this',
  possibleCaution: 'This may not be the same person. Matched only on: {basis}.',
  disputed: 'A colleague said this record is not this person. Check before relying on it.',
  matchedOn: 'Matched on: {basis}',
  likelyMatchedOn: 'Likely match. Matched on: {basis}',
  sourceLine: 'Source: {source}',
  lastUpdated: 'last updated on {date}',
  lastUpdatedUnknown: 'last updated: not known',
  covers: 'covers {from} to {to}',
  area: 'area: {area}',
  aboutSources: 'About the sources',

  contact: 'Contact',
  organisation: 'Organisation',
  involvement: 'Involvement',
  current: 'Current',
  historic: 'Historic',
  dates: 'Dates',
  started: 'Started {date}',
  ended: 'ended {date}',
  lastContact: 'last contact {date}',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy: select the text and copy it yourself.',
  copiedMessage: 'Copied {what}.',
  phoneNumber: 'phone number',
  emailAddress: 'email address',
  yes: 'Yes',
  no: 'No',
  none: 'None',
  otherRecordsYes: 'Yes: non-safeguarding records exist',
  otherRecordsNo: 'None found',
  moreOffences: '{count} more not listed: ask the police contact.',

  notThisPerson: 'Not this person',
  looksWrong: 'Information looks wrong',
  looksWrongLabel: 'What looks wrong? (optional)',
  send: 'Send',
  cancel: 'Cancel',
  sending: 'Sending…',
  notThisPersonDone: "Thanks — this record won't be shown for this person again.",
  looksWrongDone: 'Thanks — your report has been sent and will be checked.',
  feedbackFailed: 'Your feedback could not be sent. {problem}',

  copySummary: 'Copy summary for case notes',
  summaryCopied: 'Summary copied. Paste it into the case note.',
  summaryFallback: 'Copying is blocked here. Select this text and copy it into the case note:',
  print: 'Print',
  printedHeading: 'Family context for {child}.',
  printedChecked: 'Checked {date}.',
  printedNotChecked: 'Nobody checked yet.',
  printedAt: 'Printed {date}.',
  printedAtBy: 'Printed {date} by {user}.',
  printedPersonal: 'Contains personal information.',

  searchToggle: 'Check someone not listed',
  searchIntro: 'Search by surname, first name and date of birth, or CMS id.',
  surname: 'Surname',
  firstName: 'First name',
  dateOfBirth: 'Date of birth',
  dateOfBirthHint: 'For example, 27 3 1985',
  day: 'Day',
  month: 'Month',
  year: 'Year',
  cmsId: 'CMS id',
  address: 'Address (optional)',
  postcode: 'Postcode (optional)',
  addressHint: 'Some services search by area: without an address they cannot say whether they know this person.',
  errorPostcode: 'Enter a real postcode, for example SK5 8QT',
  reason: 'Why do you need to check this person?',
  reasonHint: 'Your council asks for a reason when someone is not linked to the child in the case record. It is kept in the audit log.',
  searchSubmit: 'Check this person',
  errorTitle: 'There is a problem',
  errorSurname: 'Enter their surname',
  errorFirstName: 'Enter their first name',
  errorDobOrCmsId: 'Enter their date of birth or CMS id',
  errorDobReal: 'Date of birth must be a real date, for example 27 3 1985',
  errorDobPast: 'Date of birth must be in the past',
  errorReason: 'Enter why you need to check this person',
  reasonNeeded: 'A reason is needed to check {names}.',
  checkWithReason: 'Check with this reason',
  tryAgain: 'Try again',
  notCheckedPeople: 'Not checked: {names}',

  errorSignedOut: ERROR_MESSAGES['signed-out'],
  errorForbidden: ERROR_MESSAGES.forbidden,
  errorReasonRequired: ERROR_MESSAGES['reason-required'],
  errorRejected: ERROR_MESSAGES.rejected,
  errorRateLimited: ERROR_MESSAGES['rate-limited'],
  errorTimeout: ERROR_MESSAGES.timeout,
  errorUnavailable: ERROR_MESSAGES.unavailable,
  errorServer: ERROR_MESSAGES.server,
  errorNetwork: ERROR_MESSAGES.network,
  errorBadResponse: ERROR_MESSAGES['bad-response'],
  errorNotConfigured: ERROR_MESSAGES['not-configured'],

  liveResults: 'Results for {name}: {parts}.',
  liveMany: 'Results for {count} people: {involved} involved with at least one service{notChecked}.',
  liveManyNotChecked: '; {count} with services not checked',
};

export type Wording = typeof DEFAULT_WORDING;
export type WordingKey = keyof Wording;

/** "Results for {name}" + { name: "Jane" } → "Results for Jane". Unknown placeholders are left as they are. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The default wording with a council's overrides; blank or non-text overrides are ignored. */
export function mergeWording(overrides: Partial<Record<string, unknown>> | undefined): Wording {
  const merged: Wording = { ...DEFAULT_WORDING };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (key in DEFAULT_WORDING && typeof value === 'string' && value.trim() !== '') {
      (merged as Record<string, string>)[key] = value;
    }
  }
  return merged;
}
