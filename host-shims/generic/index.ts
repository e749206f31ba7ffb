/**
 * The generic host shim: one script tag on a page that carries the child and linked people itself (a JSON block, or data-fc-* attributes with ?config=).
 * It reads the child and the family linked to them, mounts <family-context-panel> in a side panel, and follows
 * the page to the next child. Config: `?config=<url>` on the script's address, else the built-in default.
 */
import '../../widget/src/index.js';
import { startShim } from '../core/start-shim.js';
import { DEFAULT_GENERIC_CONFIG } from './default-config.js';

void startShim({ host: 'generic', defaultConfig: DEFAULT_GENERIC_CONFIG, scriptUrl: import.meta.url });
