/**
 * `family-context shim-check --host mosaic --config my-config.json saved-page.html`
 *
 * Checks a host shim config, then runs the shim against a page saved from the CMS (browser: "Save page as…",
 * "Webpage, HTML only", or a snapshot of the live page's DOM copied from the developer console, shadow roots
 * included as <template shadowrootmode>) and prints the child and people it found, who it left out and why, and warnings.
 *
 * The shim runs in headless Chromium (puppeteer-core) rather than in a Node DOM: the selector engine, the HTML
 * parser and text extraction are then the browser's own, exactly as on the social worker's screen. The saved
 * page is parsed with DOMParser, so none of its scripts run and nothing it links to is fetched.
 *
 * Exit code: 0 child found (warnings allowed unless --strict); 1 config invalid, no child found, or (with
 * --strict) warnings; 2 wrong usage.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localToday } from '../core/cms-dates.js';
import { parseShimConfig, SHIM_HOSTS, type ShimConfig, type ShimHost } from '../core/shim-config.js';
import { DEFAULT_EIS_CONFIG } from '../eis/default-config.js';
import { DEFAULT_GENERIC_CONFIG } from '../generic/default-config.js';
import { DEFAULT_LCS_CONFIG } from '../lcs/default-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../mosaic/default-config.js';
import { findBrowser, NO_BROWSER } from './find-browser.js';
import type { CheckResult } from './page-reader.js';
import { decodePage } from './page-charset.js';
import { formatReport, plain } from './report.js';

export const BUILT_IN_CONFIGS: Record<ShimHost, ShimConfig> = {
  mosaic: DEFAULT_MOSAIC_CONFIG,
  eis: DEFAULT_EIS_CONFIG,
  lcs: DEFAULT_LCS_CONFIG,
  generic: DEFAULT_GENERIC_CONFIG,
};

const USAGE = `Usage: family-context shim-check --host <${SHIM_HOSTS.join('|')}> [--config <config.json>] [options] <saved-page.html>

Runs the host shim against a page saved from your CMS and prints the child and the people it found.

Options:
  --host <name>       which shim: ${SHIM_HOSTS.join(', ')}
  --config <file>     your shim config (JSON); without it, the built-in demo config for --host
  --today <date>      YYYY-MM-DD for ended relationships (default: today)
  --strict            exit 1 when there are warnings, not only errors
  --json              print the reading as JSON instead of the report
  --help              this text`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = { out: (t) => console.log(t), err: (t) => console.error(t), env: process.env };

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        host: { type: 'string' },
        config: { type: 'string' },
        today: { type: 'string' },
        strict: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const host = values.host as ShimHost | undefined;
  if (!host || !SHIM_HOSTS.includes(host)) {
    io.err(`${host ? `--host "${host}" is not a shim` : '--host is required'}: use one of ${SHIM_HOSTS.join(', ')}.\n\n${USAGE}`);
    return 2;
  }
  if (positionals.length !== 1) {
    io.err(`Give exactly one saved page (got ${positionals.length}).\n\n${USAGE}`);
    return 2;
  }
  if (values.today && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    io.err(`--today "${values.today}" is not a date: use YYYY-MM-DD.`);
    return 2;
  }
  const pagePath = positionals[0]!;

  // 1. The config: valid, and for this host.
  let config: ShimConfig = BUILT_IN_CONFIGS[host];
  let configLabel = `built-in ${host} config`;
  if (values.config) {
    let text: string;
    try {
      text = await readFile(values.config, 'utf8');
    } catch (error) {
      io.err(`Cannot read the config file ${values.config}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
      return 1;
    }
    const checked = parseShimConfig(text);
    if (!checked.ok) {
      io.err(`The config ${values.config} has ${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'} (fix them and run again; the keys are described in host-shims/schema/shim-config.schema.json):`);
      for (const problem of checked.problems) io.err(`  - ${problem}`);
      return 1;
    }
    config = checked.config;
    configLabel = `${values.config} (version ${config.version})`;
  }
  if (config.host !== host) {
    io.err(`The config is for host "${config.host}" but --host is "${host}": use --host ${config.host}, or fix "host" in the config.`);
    return 1;
  }

  // 2. The saved page.
  let html: string;
  try {
    // In the character set the page declares (windows-1252 on older CMSs), as the browser reads it.
    html = decodePage(await readFile(pagePath)).text;
  } catch (error) {
    io.err(`Cannot read the saved page ${pagePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    return 1;
  }

  // 3. The shim, in the browser.
  const browserPath = findBrowser(io.env);
  if (!browserPath) {
    io.err(NO_BROWSER);
    return 1;
  }
  const result = await readInBrowser(browserPath, html, config, values.today ?? localToday());
  if (result.selectorProblems.length) {
    io.err('The config has selectors the browser cannot read:');
    for (const problem of result.selectorProblems) io.err(`  - ${plain(problem)}`);
    return 1;
  }
  const reading = result.reading!;
  const warnings = [...reading.warnings];
  if (!config.auth) warnings.push('auth: not set, so the shim signs in with the demo issuer, which only a demo server (FC_DEMO=1) has; add an "oidc" auth block');
  // The examples (and the built-in configs used without --config) say "demo": a council's own copy must not.
  else if (config.auth.kind === 'demo' && values.config) {
    warnings.push('auth: "demo" is the demo sign-in, which works only on a demo server (FC_DEMO=1); set your council\'s "oidc" auth block (authority, clientId, scope, redirectUri)');
  }
  const signs = result.singlePage ?? [];
  if (values.strict && config.people && !config.people.ownerId && signs.length) {
    warnings.push(
      `people.ownerId: not set, and this page looks as if the CMS changes child without reloading (${signs.join('; ')}). ` +
        'After each change of child the panel then waits for the relationships list to change before it lists anyone ' +
        `(up to people.listWaitSeconds, ${config.people.listWaitSeconds} s, then it says the list could not be found). ` +
        'If the page shows whose relationships the list holds (an id on the table or its heading), set people.ownerId to it',
    );
  }
  const full = { ...reading, warnings };
  io.out(values.json ? JSON.stringify({ host, config: configLabel, page: pagePath, ...full }, null, 2) : formatReport({ host, configLabel, page: pagePath }, full));
  if (!reading.child) return 1;
  return values.strict && warnings.length ? 1 : 0;
}

let readerBundle: Promise<string> | undefined;

/** page-reader.ts and what it imports, as one script for the browser (esbuild, in memory). */
function bundleReader(): Promise<string> {
  readerBundle ??= import('esbuild').then(async ({ build }) => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./page-reader.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2021',
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  });
  return readerBundle;
}

async function readInBrowser(executablePath: string, html: string, config: ShimConfig, today: string): Promise<CheckResult> {
  const [{ default: puppeteer }, script] = await Promise.all([import('puppeteer-core'), bundleReader()]);
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage();
    // Nothing leaves the machine: the saved page is only parsed, and every request is refused.
    await page.setRequestInterception(true);
    page.on('request', (request) => void request.abort());
    await page.evaluate(script);
    return await page.evaluate(
      (pageHtml, shimConfig, day) =>
        (globalThis as unknown as { __familyContextShimCheck: (h: string, c: unknown, t: string) => CheckResult }).__familyContextShimCheck(pageHtml, shimConfig, day),
      html,
      config as unknown as Record<string, unknown>,
      today,
    );
  } finally {
    await browser.close();
  }
}
