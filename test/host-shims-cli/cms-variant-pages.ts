/**
 * The CMS variant pages (fixtures/cms-pages/variants/<name>/, or any folder of such folders): reading a variant's
 * expected.json, putting every variant's config.json where FC_SHIM_CONFIG_DIR will serve it, and a small HTTP server
 * that serves the pages as a council's CMS web server would, with the page's own Content-Security-Policy header.
 *
 * Same-origin mode (the default) also passes every other request (/dist, /panel, /api, /demo) on to the Family
 * Context server, so the browser sees one origin: the demo sign-in (POST /demo/token) has no CORS, so a page on
 * another origin cannot sign in with it. Cross-origin mode serves only the pages, as a real CMS would; the pages'
 * `{{FC_ORIGIN}}` is then the Family Context server's own address.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

export interface ExpectedPerson {
  firstName: string;
  lastName: string;
  formerSurnames?: string[];
  dateOfBirth: string | null;
  cmsId: string | null;
  relationship: string;
  professional: boolean;
  /** Marked deceased on the page (or the relationship has ended): read, but never offered. */
  deceased?: boolean;
}

export interface ExpectedChild {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  cmsId: string;
}

export interface ExpectedState {
  child: ExpectedChild;
  people: ExpectedPerson[];
  /** People on the page that cannot be read (a row with no name): the panel must say so. */
  unreadable: number;
}

export interface NavigationStep extends ExpectedState {
  /** In the top document: the element whose text shows the new child once the header has changed. */
  waitFor: { selector: string; text: string };
  /** False when the relationships list never changes to the new child's (a broken CMS call). */
  listUpdates: boolean;
  /** How long the list shows the previous child's family after the header changed. */
  staleForMs: number;
}

export interface VariantExpectation extends ExpectedState {
  page: {
    /** The page to open, relative to the variant's folder. */
    file: string;
    shim: 'mosaic' | 'eis' | 'lcs' | 'generic';
    mode: 'script';
    /** The Content-Security-Policy header the council's web server sends ({{FC_ORIGIN}} filled in), or null. */
    csp: string | null;
    /** The Content-Type header for the page; default "text/html" (the page's own <meta charset> decides). */
    contentType?: string;
  };
  navigation?: {
    trigger: { kind: 'click'; selector: string } | { kind: 'timer'; afterMs: number };
    steps: NavigationStep[];
  };
}

export interface Variant {
  name: string;
  dir: string;
  expected: VariantExpectation;
}

const VARIANT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

function check(condition: unknown, file: string, field: string, what: string): asserts condition {
  if (!condition) throw new Error(`${file}: ${field} ${what}`);
}

function checkState(state: ExpectedState, file: string, at: string): void {
  const c = state.child;
  const named = c && typeof c.firstName === 'string' && typeof c.lastName === 'string';
  check(named, file, `${at}child`, 'needs firstName and lastName');
  check(/^\d{4}-\d{2}-\d{2}$/.test(c.dateOfBirth), file, `${at}child.dateOfBirth`, 'must be YYYY-MM-DD');
  check(Array.isArray(state.people), file, `${at}people`, 'must be a list (may be empty)');
  state.people.forEach((p, i) => {
    const f = `${at}people[${i}]`;
    check(typeof p.firstName === 'string' && typeof p.lastName === 'string', file, f, 'needs firstName and lastName');
    const dob = p.dateOfBirth === null || /^\d{4}-\d{2}-\d{2}$/.test(p.dateOfBirth);
    check(dob, file, `${f}.dateOfBirth`, 'must be YYYY-MM-DD or null');
    check(p.cmsId === null || typeof p.cmsId === 'string', file, `${f}.cmsId`, 'must be a string or null');
    check(typeof p.professional === 'boolean', file, `${f}.professional`, 'must be true or false');
    check(typeof p.relationship === 'string', file, `${f}.relationship`, 'must be the relationship as written');
  });
  const count = Number.isInteger(state.unreadable) && state.unreadable >= 0;
  check(count, file, `${at}unreadable`, 'must be a count (0 or more)');
}

/** Reads and checks one variant folder; throws naming the file and field when expected.json is malformed. */
export function readVariant(dir: string, name: string): Variant {
  const file = join(dir, 'expected.json');
  check(VARIANT_NAME.test(name), dir, 'folder name', 'must be lower-case letters, digits and hyphens');
  const expected = JSON.parse(readFileSync(file, 'utf8')) as VariantExpectation;
  check(expected.page && typeof expected.page.file === 'string', file, 'page.file', 'must name the page to open');
  const page = expected.page;
  check(existsSync(join(dir, page.file)), file, 'page.file', `names ${page.file}, which is not in the folder`);
  const shims = ['mosaic', 'eis', 'lcs', 'generic'];
  check(shims.includes(page.shim), file, 'page.shim', 'must be mosaic, eis, lcs or generic');
  check(page.csp === null || typeof page.csp === 'string', file, 'page.csp', 'must be a header value or null');
  check(existsSync(join(dir, 'config.json')), dir, 'config.json', 'is missing');
  checkState(expected, file, '');
  expected.navigation?.steps.forEach((step, i) => {
    checkState(step, file, `navigation.steps[${i}].`);
    const at = `navigation.steps[${i}]`;
    check(step.waitFor?.selector && step.waitFor.text, file, `${at}.waitFor`, 'needs selector and text');
  });
  return { name, dir, expected };
}

/** Every variant folder (one holding expected.json) under `root`, by name. */
export function readVariants(root: string): Variant[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && existsSync(join(root, name, 'expected.json')))
    .sort()
    .map((name) => readVariant(join(root, name), name));
}

/** A folder for FC_SHIM_CONFIG_DIR holding each variant's config.json as <variant name>.json. */
export function shimConfigDir(variants: readonly Variant[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'fc-cms-variants-'));
  for (const v of variants) copyFileSync(join(v.dir, 'config.json'), join(dir, `${v.name}.json`));
  return dir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** The CMS pages' origin: cross-origin uses "localhost", which the browser counts apart from "127.0.0.1". */
export function cmsOrigin(port: number, crossOrigin = false): string {
  return crossOrigin ? `http://localhost:${port}` : `http://127.0.0.1:${port}`;
}

export interface VariantServer {
  /** The CMS's origin, e.g. http://127.0.0.1:40123. */
  origin: string;
  /** Where the panel's scripts come from: the same origin, or the Family Context server's. */
  fcOrigin: string;
  pageUrl(variant: Variant): string;
  stop(): Promise<void>;
}

/**
 * Serves `/cms/<variant>/<file>` from the variants (pages and the files beside them, `{{FC_ORIGIN}}` filled in,
 * bytes otherwise untouched so a windows-1252 page stays one), with the variant's CSP header on its pages.
 */
export async function startVariantServer(options: {
  variants: readonly Variant[];
  fcUrl: string;
  /** The port to listen on (chosen first, so the Family Context server can be told the CMS origin). */
  port: number;
  crossOrigin?: boolean;
}): Promise<VariantServer> {
  const byName = new Map(options.variants.map((v) => [v.name, v]));
  const fc = new URL(options.fcUrl);
  let fcOrigin = '';
  const serveFile = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const m = /^\/cms\/([a-z0-9-]+)\/(.+)$/.exec(path);
    if (!m) return false;
    const variant = byName.get(m[1]!);
    const rel = normalize(decodeURIComponent(m[2]!));
    const found = variant && !rel.startsWith('..') && existsSync(join(variant.dir, rel));
    if (!variant || !found || !statSync(join(variant.dir, rel)).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such variant file');
      return true;
    }
    const ext = extname(rel).toLowerCase();
    const type = TYPES[ext] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'no-store' };
    let body = readFileSync(join(variant.dir, rel));
    if (ext in TYPES) body = Buffer.from(body.toString('latin1').replaceAll('{{FC_ORIGIN}}', fcOrigin), 'latin1');
    if (type === 'text/html') {
      if (variant.expected.page.contentType) headers['Content-Type'] = variant.expected.page.contentType;
      const csp = variant.expected.page.csp;
      if (csp) headers['Content-Security-Policy'] = csp.replaceAll('{{FC_ORIGIN}}', fcOrigin);
    }
    res.writeHead(200, headers).end(body);
    return true;
  };
  const proxy = (req: IncomingMessage, res: ServerResponse): void => {
    const upstream = httpRequest(
      {
        hostname: fc.hostname,
        port: fc.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: fc.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end('Family Context server unreachable');
    });
    req.pipe(upstream);
  };
  const server: Server = createServer((req, res) => {
    if (serveFile(req, res)) return;
    if (options.crossOrigin) res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not a CMS page');
    else proxy(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const origin = cmsOrigin(options.port, options.crossOrigin);
  fcOrigin = options.crossOrigin ? fc.origin : origin;
  return {
    origin,
    fcOrigin,
    pageUrl: (v) => `${origin}/cms/${v.name}/${v.expected.page.file}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
