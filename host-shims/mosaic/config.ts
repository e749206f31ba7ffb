/**
 * How the Mosaic shim reads a "Person summary" page. Council IT adjusts this to their Mosaic version and local
 * layout (a schema, validation and a `shim-check` command come with the host-shims issue).
 */
import type { CmsDateFormat } from '../core/cms-dates.js';
import type { FieldSelector, PersonFields } from '../core/read-page.js';

export interface MosaicShimConfig {
  version: 1;
  /** The child's summary: `container` holds it, the fields are read inside it. */
  child: PersonFields & { container: string };
  /** One `row` element per linked person; the fields are read inside each row. */
  people: PersonFields & { row: string; relationship: FieldSelector };
  /** "Surname, Forename" (Mosaic's usual) or "Forename Surname". */
  nameOrder: 'last-first' | 'first-last';
  dateFormat: CmsDateFormat;
  /**
   * Relationships offered as family (case-insensitive). Anything else (Allocated worker, GP, Teacher...) is left
   * out: the panel is for the people around the child, not professionals.
   */
  familyRelationships: string[];
}
