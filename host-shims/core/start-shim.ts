/**
 * What every host shim does on a CMS page: load and check its config, mount the side panel, read the page, and
 * read it again whenever the page changes (another child). Only one shim runs per page, however many times
 * (or in however many bundles) the script is loaded.
 *
 * The config comes from the script's own address: `<script type="module" src="https://fc.council.gov.uk/dist/
 * host-shims/mosaic.js?config=/panel/shim-config/mosaic.json">`; without `?config`, the built-in default is used.
 */
import type { TokenProvider } from './context.js';
import { reportCspBlocks } from './csp-report.js';
import { trackListFreshness } from './list-freshness.js';
import { takeEnteredRoots } from './page-steps.js';
import { watchPage, type PageWatch } from './page-watcher.js';
import { childOnly, readContext } from './read-context.js';
import { invalidSelectors, validateShimConfig, type ShimConfig, type ShimHost } from './shim-config.js';
import { mountSidePanel, type SidePanel } from './side-panel.js';
import { CONFLICT_NOTICE, tagConflict } from './tag-conflict.js';
import { tokenProviderFor } from './token-providers.js';
import { FamilyContextPanel, TAG_NAME } from '../../widget/src/index.js';

const RUNNING = Symbol.for('family-context.shim');

export interface ShimOptions {
  host: ShimHost;
  defaultConfig: ShimConfig;
  /** The script's address (`import.meta.url`): the API is on its origin, and `?config=` names the config. */
  scriptUrl: string;
  win?: Window;
  /** Tests: a config object instead of loading one. */
  config?: unknown;
  /** Tests: a token provider instead of the config's. */
  getToken?: TokenProvider;
  /** Tests: YYYY-MM-DD for ended relationships. */
  today?: string;
  /** Tests: the clock for the wait for the relationships list (milliseconds). */
  now?: () => number;
}

export interface ShimHandle {
  readonly host: ShimHost;
  readonly sidePanel: SidePanel;
  /** The config in use, or undefined when it had problems (listed in `problems`). */
  readonly config: ShimConfig | undefined;
  readonly problems: string[];
  /** Reads the page again now (normally the page watcher does it). */
  refresh(): void;
  stop(): void;
}

type GuardedWindow = Window & { [RUNNING]?: Promise<ShimHandle> };

const SETUP_PROBLEM =
  'Family Context cannot read this page because its set-up has a problem. Tell your IT service desk; the details are in the browser console.';

/** Starts the shim once per page; a second call (the script loaded twice) returns the first one. */
export function startShim(options: ShimOptions): Promise<ShimHandle> {
  const win = (options.win ?? window) as GuardedWindow;
  const running = win[RUNNING];
  if (running) {
    console.info(`Family Context: a host shim is already running on this page; the second copy (${options.host}) does nothing.`);
    return running;
  }
  const started = start(options, win);
  win[RUNNING] = started;
  started.catch(() => {
    if (win[RUNNING] === started) delete win[RUNNING];
  });
  return started;
}

async function start(options: ShimOptions, win: GuardedWindow): Promise<ShimHandle> {
  const doc = win.document;
  if (doc.readyState === 'loading') await new Promise((resolve) => doc.addEventListener('DOMContentLoaded', resolve, { once: true }));
  const scriptUrl = new URL(options.scriptUrl);
  const apiBase = scriptUrl.origin;
  const label = `Family Context (${options.host} shim)`;

  const stopCspReport = reportCspBlocks(doc, apiBase, label);
  const { config, problems } = await loadConfig(options, scriptUrl, doc);
  const getToken = options.getToken ?? tokenProviderFor(config?.auth, apiBase);
  const sidePanel = mountSidePanel(doc, { getToken, apiBase });
  const conflict = tagConflict(win, TAG_NAME, FamilyContextPanel);
  if (conflict) {
    console.error(`${label}: ${conflict}.`);
    sidePanel.setNotice(CONFLICT_NOTICE);
    sidePanel.panel.hidden = true;
  }
  if (!config) {
    for (const problem of problems) console.error(`${label}: config ${problem}`);
    sidePanel.setNotice(SETUP_PROBLEM);
    sidePanel.setContext(undefined);
  }

  let lastWarnings = '';
  const now = options.now ?? ((): number => Date.now());
  const waitMs = (config?.people?.listWaitSeconds ?? 0) * 1000;
  const freshness = trackListFreshness(waitMs, now);
  let listMissingSince: number | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  // Assigned once, after the first refresh(), which must see it unset (a const would not exist yet).
  // eslint-disable-next-line prefer-const
  let watch: PageWatch | undefined;
  const refresh = (): void => {
    if (!config || conflict) return;
    clearTimeout(retry);
    takeEnteredRoots();
    const reading = readContext(doc, config, options.today ? { today: options.today } : {});
    // Frames and shadow roots the selectors went into: their changes are changes of the page too.
    const entered = takeEnteredRoots();
    if (watch) watch.follow(entered);
    else pendingRoots = entered;
    let context = reading.context;
    if (context && reading.list && !reading.list.found) {
      // Not on the page (yet): a list drawn by script, in a frame still loading or in a component not yet
      // rendered is waited for, then said to be missing. Read again meanwhile: a frame or shadow root filling
      // in is not always seen as a change of the page.
      listMissingSince ??= now();
      const left = listMissingSince + waitMs - now();
      if (left > 0) {
        context = childOnly(context, 'waiting');
        retry = setTimeout(refresh, Math.min(left, 500));
      }
    } else listMissingSince = undefined;
    if (context && reading.list && reading.list.found) {
      const child = context.child;
      const childKey = child.cmsId ? `id:${child.cmsId}` : `name:${child.firstName}|${child.lastName}|${child.dateOfBirth ?? ''}`;
      const fresh = freshness.observe({ childKey, listKey: reading.list.key, confirmed: reading.list.confirmed });
      if (fresh.state === 'waiting') {
        context = childOnly(context, 'waiting');
        retry = setTimeout(refresh, fresh.retryInMs);
      } else if (fresh.state === 'timed-out') {
        context = childOnly(context, 'not-found');
        reading.warnings.push(
          `people.row: the relationships list did not change within people.listWaitSeconds (${config.people!.listWaitSeconds}) after the child changed; only the child is listed (set people.ownerId if the page shows whose list it is)`,
        );
      }
    }
    sidePanel.setContext(context);
    // Warnings are for IT: logged once per distinct set, not on every page change.
    const key = reading.warnings.join('\n');
    if (key !== lastWarnings) {
      lastWarnings = key;
      for (const warning of reading.warnings) console.warn(`${label}: ${warning}`);
    }
  };
  let pendingRoots: ReturnType<typeof takeEnteredRoots> = [];
  refresh();
  watch = watchPage(win, refresh, { ignore: () => [sidePanel.host] });
  watch.follow(pendingRoots);

  return {
    host: options.host,
    sidePanel,
    config,
    problems,
    refresh,
    stop() {
      clearTimeout(retry);
      stopCspReport();
      watch?.stop();
      sidePanel.destroy();
      delete win[RUNNING];
    },
  };
}

async function loadConfig(options: ShimOptions, scriptUrl: URL, doc: Document): Promise<{ config?: ShimConfig; problems: string[] }> {
  let json: unknown = options.config ?? options.defaultConfig;
  const configParam = scriptUrl.searchParams.get('config');
  if (options.config === undefined && configParam) {
    const url = new URL(configParam, scriptUrl);
    try {
      const res = await fetch(url, { credentials: 'omit', cache: 'no-cache' });
      if (!res.ok) return { problems: [`${url.href}: could not be loaded (HTTP ${res.status})`] };
      json = await res.json();
    } catch (error) {
      return { problems: [`${url.href}: could not be loaded or is not JSON (${(error as Error).message})`] };
    }
  }
  const checked = validateShimConfig(json);
  if (!checked.ok) return { problems: checked.problems };
  if (checked.config.host !== options.host) {
    return { problems: [`host: is "${checked.config.host}" but this is the ${options.host} shim; load the ${checked.config.host} shim or fix the config`] };
  }
  const selectors = invalidSelectors(checked.config, doc);
  if (selectors.length) return { problems: selectors };
  return { config: checked.config, problems: [] };
}
