/**
 * The Liquidlogic LCS host shim: one script tag on the Liquidlogic LCS child record page.
 * It reads the child and the family linked to them, mounts <family-context-panel> in a side panel, and follows
 * the page to the next child. Config: `?config=<url>` on the script's address, else the built-in default.
 */
import '../../widget/src/index.js';
import { startShim } from '../core/start-shim.js';
import { DEFAULT_LCS_CONFIG } from './default-config.js';

void startShim({ host: 'lcs', defaultConfig: DEFAULT_LCS_CONFIG, scriptUrl: import.meta.url });
