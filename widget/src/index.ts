/**
 * Entry point: registers `<family-context-panel>` once, even if a CMS page loads this script twice.
 */
import { FamilyContextPanel } from './family-context-panel.js';

export const TAG_NAME = 'family-context-panel';

if (!customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, FamilyContextPanel);
}

export { FamilyContextPanel };
export type { FamilyContext, FcCheckDetail, FcSectionToggleDetail } from './family-context-panel.js';
export type { TokenProvider } from './involvements-client.js';
export type { PersonInput, PersonResult, InvolvementsResponse } from '../../server/src/api/contract.js';
