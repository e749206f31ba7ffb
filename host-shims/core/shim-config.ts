/**
 * The host shim's JSON configuration: where a CMS page shows the child and the people linked to them, how each
 * field is read, and which relationships count as family. Council IT edits a copy of host-shims/configs/<cms>.json;
 * `family-context shim-check` validates it and runs it against a saved page.
 *
 * This zod schema is the source of truth; host-shims/schema/shim-config.schema.json is generated from it
 * (`node --import tsx host-shims/schema/write-schema.ts`) and a test keeps the two the same.
 */
import { z } from 'zod';
import { CMS_DATE_FORMATS, dateFormatProblem } from './cms-dates.js';
import { invalidSteps } from './page-steps.js';
import { patternProblem } from './text-patterns.js';

export const SHIM_CONFIG_VERSION = 1;
export const SHIM_HOSTS = ['mosaic', 'eis', 'lcs', 'generic'] as const;
export type ShimHost = (typeof SHIM_HOSTS)[number];

const selector = z
  .string()
  .trim()
  .min(1, 'must be a CSS selector, e.g. "#person-summary"')
  .max(500)
  .describe(
    'A CSS selector, as document.querySelector takes it. ":scope" means the container or row itself. To reach into a same-origin frame or an open shadow root, join selectors with ">>>": "iframe#rel >>> tbody tr", "cms-relationships >>> tr", "parent >>> frame[name=main] >>> #summary" (a first step "top" or "parent" starts from the topmost or enclosing frameset\'s document).',
  );

const regex = z
  .string()
  .min(1)
  .max(500)
  .refine((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression');

const field = z
  .strictObject({
    selector,
    attribute: z.string().trim().min(1).max(100).optional().describe('Read this attribute instead of the text.'),
    match: regex
      .optional()
      .describe('A regular expression applied to the text; its first group (or the whole match) is the value. Example: "\\\\d{2}/\\\\d{2}/\\\\d{4}".'),
  })
  .describe('Where one value is on the page: the first element matching `selector` inside the container or row.');

const PATTERNS_NOTE =
  'Each entry is the whole text (any letter case), a wildcard with * ("Nan*", "*grandmother*") or a regular expression between slashes ("/^deceased\\b/").';

/** A list of words or patterns (text-patterns.ts). */
const patterns = z.array(
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .superRefine((entry, ctx) => {
      const problem = patternProblem(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
);

const flag = z
  .strictObject({
    selector,
    attribute: z.string().trim().min(1).max(100).optional(),
    values: patterns
      .min(1)
      .optional()
      .describe(`Values that mean yes ("Deceased*" also reads "Deceased 12/01/2020"). ${PATTERNS_NOTE} Without it, any non-empty text (or attribute) means yes.`),
  })
  .describe('A yes/no marker: yes when an element matches and its text (or attribute) says so.');

const personFields = {
  id: field.optional().describe("The CMS person id (Mosaic person ID, EIS id, LCS id)."),
  name: field.optional().describe('The whole name, split using `nameOrder`. Or give firstName and lastName.'),
  firstName: field.optional(),
  lastName: field.optional(),
  gender: field.optional().describe('"Female"/"F", "Male"/"M", "Other"; anything else is read as unknown.'),
  address: field.optional(),
  postcode: field.optional().describe('Where the postcode is; when absent, the postcode is taken from the end of the address.'),
  previousLastNames: field
    .optional()
    .describe('Surnames the person had before (Mosaic "Former names"): every element matching the selector is one. Helps find records kept under an earlier name.'),
  previousAddresses: field
    .optional()
    .describe('Addresses the person lived at before: every element matching the selector is one, its postcode taken from its end. Helps find records kept at an earlier address.'),
};

const childSection = z
  .strictObject({
    container: selector.describe("The element holding the child's details; every child field is read inside it."),
    ...personFields,
    dateOfBirth: field,
  })
  .describe('The child whose record is open.');

const peopleSection = z
  .strictObject({
    row: selector.describe('One element per linked person (a table row, a card); every people field is read inside it.'),
    list: selector
      .optional()
      .describe(
        'The element holding the rows (the relationships table). When it is on the page with no rows, the child has no linked people; without it, no rows means the list could not be found and the panel says so.',
      ),
    listWaitSeconds: z
      .number()
      .min(0)
      .max(120)
      .default(10)
      .describe(
        'After the page changes to another child, how long the panel waits for the relationships list to change too before it says the list could not be found. Until then it lists only the child ("Waiting for the relationships list…"), never the people read with the previous child.',
      ),
    ...personFields,
    dateOfBirth: field,
    relationship: field.describe('The relationship to the child as the CMS words it ("Mother", "Mother\'s partner").'),
    deceased: flag.optional().describe('Marks a person as deceased: deceased people are left out.'),
    relationshipEnd: field
      .optional()
      .describe('The end date of the relationship: relationships that ended today or earlier are left out. Text that is not a date ("Ongoing") counts as not ended, with a warning.'),
    section: z
      .strictObject({
        selector: selector.describe('The section headings or group rows ("h3.group", "td.group"): a row is in the section of the last heading before it on the page.'),
        notFamily: patterns.min(1).describe(`Sections whose people are not family ("Professionals"). ${PATTERNS_NOTE}`),
      })
      .optional()
      .describe('Sections the page groups people in: everyone listed under a "not family" section is left out without a warning.'),
    ownerId: field
      .optional()
      .describe(
        "Read from the page (not a row): the id of the child these relationships belong to. When it differs from the child's id, the list is still loading and nobody is offered; when it names the child, the list is theirs at once. Strongly advised for a CMS that changes child without reloading the page.",
      ),
  })
  .describe('The people linked to the child.');

const relationships = z
  .strictObject({
    family: patterns
      .min(1, 'list at least one relationship, e.g. "Mother"')
      .describe(`Relationships offered to the social worker, e.g. "Mother", "Mother's partner", "Nan*". ${PATTERNS_NOTE}`),
    notFamily: patterns
      .default([])
      .describe(`Relationships left out without a warning: professionals such as "Allocated worker", "GP", "*worker*". A wording listed exactly in family wins over a pattern here; otherwise these win. ${PATTERNS_NOTE}`),
  })
  .describe('The relationship vocabulary. A relationship in neither list is left out with a warning for IT.');

const demoAuth = z.strictObject({ kind: z.literal('demo') }).describe('The demo sign-in (FC_DEMO=1 servers only).');
const oidcAuth = z
  .strictObject({
    kind: z.literal('oidc'),
    authority: z.url({ protocol: /^https?$/ }).describe('The identity provider, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0'),
    clientId: z.string().trim().min(1).max(200).describe('The app registration (client) id for the panel.'),
    scope: z.string().trim().min(1).max(1000).describe('e.g. "openid profile api://family-context/FamilyContext.Use"'),
    redirectUri: z.url().describe('The sign-in callback page (oidc-callback.html) on the same origin as the page that runs the panel.'),
    silentRedirectUri: z.url().optional().describe('The silent renewal callback page; defaults to redirectUri.'),
  })
  .describe('Sign-in with the council identity provider (Entra ID, ADFS): authorization code with PKCE, silent renewal.');

export const shimConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(SHIM_CONFIG_VERSION).describe('The config format version. This release reads version 1.'),
    host: z.enum(SHIM_HOSTS).describe('Which CMS the page comes from.'),
    description: z.string().max(500).optional().describe('A note for whoever edits this file next.'),
    jsonScript: selector
      .optional()
      .describe('Generic pages: the <script type="application/json"> element holding { child, people }. Replaces child and people.'),
    child: childSection.optional(),
    people: peopleSection.optional(),
    nameOrder: z
      .enum(['first-last', 'last-first'])
      .default('first-last')
      .describe('For whole names without a comma: "first-last" ("Gemma Hartley") or "last-first" ("HARTLEY Gemma"). A comma always means "SURNAME, First".'),
    names: z
      .strictObject({
        particles: z
          .array(z.string().trim().min(1).max(20))
          .max(50)
          .optional()
          .describe('More surname particles kept with the surname (any case), added to the built-in Ní, Nic, Ó, Ua, Mac, Mc, bin, bint, ibn, al, ap, van, von, de, de la, da, di, le…'),
        notParticles: z
          .array(z.string().trim().min(1).max(20))
          .max(50)
          .optional()
          .describe('Built-in particles that are not particles on your CMS (e.g. "Van" where it is a middle name).'),
        suffixes: z
          .array(z.string().trim().min(1).max(20))
          .max(50)
          .optional()
          .describe('More suffixes set aside from names, added to Snr, Jnr, Sr, Jr, II, III, IV.'),
      })
      .optional()
      .describe('How whole names are split (see the README): particles, suffixes.'),
    dateFormats: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(40)
          .superRefine((format, ctx) => {
            const problem = dateFormatProblem(format);
            if (problem) ctx.addIssue({ code: 'custom', message: `${problem} (or use one of ${CMS_DATE_FORMATS.join(', ')})` });
          }),
      )
      .min(1)
      .default(['DD/MM/YYYY'])
      .describe(
        `Date formats tried in order: ${CMS_DATE_FORMATS.join(', ')}, or a pattern of YYYY, MM, M, MMM, MMMM, DD, D separated by - / . , or space (as in the ingest mappings). Two-digit years are never read.`,
      ),
    relationships,
    auth: z.discriminatedUnion('kind', [demoAuth, oidcAuth]).optional().describe('How the panel signs in. Default: demo.'),
  })
  .superRefine((config, ctx) => {
    if (config.jsonScript) return;
    if (!config.child) ctx.addIssue({ code: 'custom', path: ['child'], message: 'required (or set jsonScript for pages that carry the context as JSON)' });
    if (!config.people) ctx.addIssue({ code: 'custom', path: ['people'], message: 'required (or set jsonScript for pages that carry the context as JSON)' });
    for (const section of ['child', 'people'] as const) {
      const fields = config[section];
      if (fields && !fields.name && !(fields.firstName && fields.lastName)) {
        ctx.addIssue({ code: 'custom', path: [section, 'name'], message: 'required (or give both firstName and lastName)' });
      }
    }
  });

export type ShimConfig = z.output<typeof shimConfigSchema>;
export type FieldSelector = z.output<typeof field>;
export type FlagSelector = z.output<typeof flag>;
export type ChildSection = z.output<typeof childSection>;
export type PeopleSection = z.output<typeof peopleSection>;
export type OidcAuthSettings = z.output<typeof oidcAuth>;

export type ConfigCheck = { ok: true; config: ShimConfig } | { ok: false; problems: string[] };

/** Validates a parsed JSON config. Each problem names the key: `people.dateOfBirth.selector: required`. */
export function validateShimConfig(json: unknown): ConfigCheck {
  const parsed = shimConfigSchema.safeParse(json, {
    error: (issue) => (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value') ? 'required' : undefined),
  });
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${at ? `${at}.` : ''}${key}: unknown key (check the spelling against the schema)`);
    }
    if (issue.path[0] === 'version' && issue.code === 'invalid_value' && issue.message !== 'required') {
      return [`version: must be ${SHIM_CONFIG_VERSION} (this release reads config version ${SHIM_CONFIG_VERSION})`];
    }
    return [`${at || '(top level)'}: ${issue.message}`];
  });
  return { ok: false, problems };
}

/** Parses and validates config text (a file's content). */
export function parseShimConfig(text: string): ConfigCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`(file): not valid JSON: ${(error as Error).message}`] };
  }
  return validateShimConfig(json);
}

/** Selectors that the browser cannot parse, named by key. Needs a DOM (the shim, or shim-check's browser). */
export function invalidSelectors(config: ShimConfig, doc: Document): string[] {
  const problems: string[] = [];
  const probe = doc.createDocumentFragment();
  const check = (path: string, value: string | undefined): void => {
    if (!value || value === ':scope') return;
    problems.push(...invalidSteps(path, value, probe));
  };
  check('jsonScript', config.jsonScript);
  for (const section of ['child', 'people'] as const) {
    const fields = config[section] as Record<string, unknown> | undefined;
    if (!fields) continue;
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === 'string') check(`${section}.${key}`, value);
      else if (value && typeof value === 'object' && 'selector' in value) check(`${section}.${key}.selector`, (value as { selector: string }).selector);
    }
  }
  return problems;
}
