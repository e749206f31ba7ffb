/**
 * The services Family Context knows, with the council's default rules (docs/data-model.md).
 *
 * Adding a service (Youth Offending, Early Help, ...) is one entry here plus its extract mapping:
 * the widget renders `details` generically from the labels sent with each answer.
 */
import type { ServiceKey } from '../api/contract.js';

export interface AgeRule {
  /** Shown when age >= minAge. */
  minAge?: number;
  /** Shown when age <= maxAge. */
  maxAge?: number;
}

export interface ServiceDefinition {
  key: ServiceKey;
  label: string;
  /** Default age rule; a council overrides it with FC_AGE_RULES. */
  ageRule: AgeRule;
  /** Police: never say current/historic (social workers read "current" as "convicted"). */
  showsInvolvement: boolean;
  /**
   * Keys this service uses in `details`, documented for extract mappings and fixtures:
   * - school: admissionType ("Main provision" | "Secondary provision" | "Off site provision"), schoolPhone
   * - adult-social-care: team
   * - housing: antiSocialBehaviour, eviction, noticeSeekingPossession, rentArrears
   *   (each "Case open" | "Case closed" | "No records found")
   * - police: safeguardingOffences (at most 3 of { date, type, nature: "Convicted" | "Suspect" }),
   *   nonSafeguardingRecords (boolean)
   */
  detailKeys: readonly string[];
}

export const BUILT_IN_SERVICES: readonly ServiceDefinition[] = Object.freeze([
  {
    key: 'school',
    label: 'School',
    ageRule: { minAge: 4, maxAge: 20 },
    showsInvolvement: true,
    detailKeys: ['admissionType', 'schoolPhone'],
  },
  {
    key: 'adult-social-care',
    label: 'Adult Social Care',
    ageRule: { minAge: 15 },
    showsInvolvement: true,
    detailKeys: ['team'],
  },
  {
    key: 'housing',
    label: 'Housing',
    ageRule: { minAge: 16 },
    showsInvolvement: true,
    detailKeys: ['antiSocialBehaviour', 'eviction', 'noticeSeekingPossession', 'rentArrears'],
  },
  {
    key: 'police',
    label: 'Police',
    ageRule: { minAge: 18 },
    showsInvolvement: false,
    detailKeys: ['safeguardingOffences', 'nonSafeguardingRecords'],
  },
]);

/** The age rule in words, for `not-applicable` explanations: "School is only shown for people aged 4 to 20." */
export function describeAgeRule(label: string, rule: AgeRule): string {
  const { minAge, maxAge } = rule;
  if (minAge !== undefined && maxAge !== undefined) {
    return `${label} is only shown for people aged ${minAge} to ${maxAge}.`;
  }
  if (minAge !== undefined) return `${label} is only shown for people aged ${minAge} or over.`;
  if (maxAge !== undefined) return `${label} is only shown for people aged ${maxAge} or under.`;
  return `${label} is shown for people of any age.`;
}

export function ageRuleApplies(rule: AgeRule, ageYears: number): boolean {
  if (rule.minAge !== undefined && ageYears < rule.minAge) return false;
  if (rule.maxAge !== undefined && ageYears > rule.maxAge) return false;
  return true;
}
