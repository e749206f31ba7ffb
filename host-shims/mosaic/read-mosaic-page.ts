/** Reads the child and the family linked to them from a Mosaic person summary page. */
import type { PersonInput } from '../../server/src/api/contract.js';
import type { PanelContext } from '../core/context.js';
import { readPerson } from '../core/read-page.js';
import type { MosaicShimConfig } from './config.js';

export interface PageReading {
  context?: PanelContext;
  /** What could not be read, for council IT (never shown to social workers as data). */
  warnings: string[];
}

export function readMosaicPage(doc: ParentNode, config: MosaicShimConfig): PageReading {
  const warnings: string[] = [];
  const options = { nameOrder: config.nameOrder, dateFormat: config.dateFormat };
  const childContainer = doc.querySelector(config.child.container);
  if (!childContainer) return { warnings: [`No child summary found at "${config.child.container}"`] };
  const child = readPerson(childContainer, config.child, options);
  if (!child) return { warnings: ["The child's name could not be read: check the child's name selectors"] };

  const family = new Set(config.familyRelationships.map((r) => r.toLowerCase()));
  const seen = new Set<string>();
  const people: PersonInput[] = [];
  doc.querySelectorAll(config.people.row).forEach((row, index) => {
    const person = readPerson(row, config.people, options);
    if (!person) {
      warnings.push(`Relationship row ${index + 1}: no name could be read`);
      return;
    }
    if (!person.relationship || !family.has(person.relationship.toLowerCase())) return;
    const key = person.cmsId ?? `${person.firstName}|${person.lastName}|${person.dateOfBirth ?? ''}`;
    if (seen.has(key)) {
      warnings.push(`Relationship row ${index + 1}: ${person.cmsId ?? 'a person'} is listed twice; shown once`);
      return;
    }
    seen.add(key);
    if (!person.dateOfBirth) warnings.push(`Relationship row ${index + 1}: no date of birth could be read`);
    people.push(person);
  });
  return { context: { child, people: [{ ...child, relationship: child.relationship ?? 'Child (this record)' }, ...people] }, warnings };
}
