/**
 * Blocking keys: a lookup reads only the records that share a key with the person, never the whole source.
 *
 * Besides the exact date of birth (and its day/month swap) and the CMS id, which source_record indexes already,
 * each record is filed in `match_key` under:
 *   y:<surname sound>:<birth year>:<first initial>   finds a record whose day or month was mistyped or swapped
 *   b:<surname sound>:<birthday MMDD>:<first initial> finds a record whose year was mistyped
 *   a:<postcode>:<surname sound>                       finds a record at the same address (or a previous one the
 *                                                      CMS lists) whatever its dates
 *   p:<postcode>:<first name>:<birth year>             finds a record at the same address under another surname
 *                                                      (married, or a slip Soundex does not survive) with a day or
 *                                                      month mistyped (a person is looked up under the years either
 *                                                      side too)
 *   p:<postcode>:<first name>                          the same without the year, for every record: the same first
 *                                                      name at the same address whatever the dates and surname
 *   n:<surname sound>                                  only for records without a date of birth
 * "Surname sound" is the Soundex code of the whole surname and of each part of a double-barrelled one, so a
 * spelling slip or "Smith-Jones" / "Jones" still meets. A person is looked up under the initials and first names
 * of their known short forms too (William: also b for Bill, l for Liam), so a record under a nickname still meets.
 * A record with no first name is filed under the initial "_", and everyone is looked up under it too; a person is
 * also looked up with first and last names the other way round (the record's "surname" sounding like their first
 * name, under their surname's initial), so a record with the names swapped still meets.
 * At a million residents each key holds a few dozen records at most, where "everyone called Smith" would be thousands.
 *
 * Keys are only ever added to this scheme, never changed: a snapshot whose keys were built before an addition
 * still finds everything it found before (the new keys simply find nothing in it until its next load).
 */
import { nameWithNicknames } from './nicknames.js';
import { compactName, soundex, surnameForms, swappedDate } from './normalise.js';
import type { MatchPerson } from './score.js';

export interface KeyedRecord {
  first_name_norm: string;
  last_name_norm: string;
  date_of_birth: string | null;
  postcode: string | null;
}

/** The Soundex codes of a surname's forms (whole, and each part of a double-barrelled one) and of previous surnames. */
export function surnameSounds(lastNameNorm: string, previous: readonly string[] = []): string[] {
  const sounds = new Set<string>();
  for (const name of [lastNameNorm, ...previous]) for (const form of surnameForms(name)) sounds.add(soundex(form));
  sounds.delete('');
  return [...sounds];
}

function compactPostcode(postcode: string): string {
  return postcode.replace(/ /g, '');
}

/** A first name as a key part: without spaces, and short enough for match_key's 80 characters with a postcode. */
function firstNameKey(firstNameNorm: string): string {
  return compactName(firstNameNorm).slice(0, 40);
}

function initialOf(firstNameNorm: string): string {
  return firstNameNorm.charAt(0) || '_';
}

/** The keys one record is filed under in `match_key`. */
export function recordKeys(record: KeyedRecord): string[] {
  const keys: string[] = [];
  const sounds = surnameSounds(record.last_name_norm);
  const initial = initialOf(record.first_name_norm);
  const dob = record.date_of_birth;
  for (const sound of sounds) {
    if (dob) {
      keys.push(`y:${sound}:${dob.slice(0, 4)}:${initial}`, `b:${sound}:${dob.slice(5, 7)}${dob.slice(8, 10)}:${initial}`);
    } else {
      keys.push(`n:${sound}`);
    }
    if (record.postcode) keys.push(`a:${compactPostcode(record.postcode)}:${sound}`);
  }
  if (record.postcode && record.first_name_norm) {
    const key = `p:${compactPostcode(record.postcode)}:${firstNameKey(record.first_name_norm)}`;
    // With the year, and (added later) without it: the same first name at the same postcode meets whatever the
    // dates and however the surname slipped ("Rees" / "Ree" born "2002" / "2020" at one address).
    keys.push(...(dob ? [`${key}:${dob.slice(0, 4)}`, key] : [key]));
  }
  return keys;
}

export interface BlockingKeys {
  cmsIds: string[];
  /** Exact dates of birth, with the day/month swap of each. */
  datesOfBirth: string[];
  /** match_key keys. */
  keys: string[];
  /** Normalised surnames and their parts: the fallback when a snapshot has no keys built yet. */
  lastNames: string[];
}

/** The keys to look a set of people up by: one query per source whatever the number of people. */
export function blockingKeys(people: readonly MatchPerson[]): BlockingKeys {
  const cmsIds = new Set<string>();
  const dates = new Set<string>();
  const keys = new Set<string>();
  const lastNames = new Set<string>();
  for (const p of people) {
    if (p.cmsId) cmsIds.add(p.cmsId);
    const sounds = surnameSounds(p.lastNameNorm, p.previousLastNamesNorm);
    const firstNames = p.firstNameNorm ? nameWithNicknames(compactName(p.firstNameNorm)) : [];
    const initials = new Set(firstNames.length ? firstNames.map(initialOf) : [initialOf(p.firstNameNorm)]);
    initials.add('_');
    const postcodes = [p.postcode, ...(p.previousPostcodesNorm ?? [])].filter((pc): pc is string => Boolean(pc)).map(compactPostcode);
    // Names the other way round: the first name as the record's surname, under the surname's initial.
    const swappedSound = p.firstNameNorm && p.lastNameNorm ? soundex(p.firstNameNorm) : '';
    const swappedInitial = initialOf(p.lastNameNorm);
    if (p.dateOfBirth) {
      dates.add(p.dateOfBirth);
      const swapped = swappedDate(p.dateOfBirth);
      if (swapped) dates.add(swapped);
      const byInitial: Array<[string, string]> = [];
      for (const sound of sounds) for (const initial of initials) byInitial.push([sound, initial]);
      if (swappedSound) byInitial.push([swappedSound, swappedInitial]);
      for (const [sound, initial] of byInitial) {
        keys.add(`y:${sound}:${p.dateOfBirth.slice(0, 4)}:${initial}`);
        for (const date of swapped ? [p.dateOfBirth, swapped] : [p.dateOfBirth]) {
          keys.add(`b:${sound}:${date.slice(5, 7)}${date.slice(8, 10)}:${initial}`);
        }
      }
    }
    for (const sound of swappedSound ? [...sounds, swappedSound] : sounds) {
      keys.add(`n:${sound}`);
      for (const postcode of postcodes) keys.add(`a:${postcode}:${sound}`);
    }
    for (const postcode of postcodes) {
      for (const name of firstNames) {
        keys.add(`p:${postcode}:${firstNameKey(name)}`);
        if (p.dateOfBirth) {
          // The birth year, and the years either side (a year slipped by one, with a surname slip Soundex does not survive).
          const year = Number(p.dateOfBirth.slice(0, 4));
          for (const y of [year, year - 1, year + 1]) keys.add(`p:${postcode}:${firstNameKey(name)}:${y}`);
        }
      }
    }
    for (const name of [p.lastNameNorm, ...(p.previousLastNamesNorm ?? [])]) {
      if (!name) continue;
      lastNames.add(name);
      for (const part of name.split(' ')) if (part.length > 1) lastNames.add(part);
    }
  }
  return { cmsIds: [...cmsIds], datesOfBirth: [...dates], keys: [...keys], lastNames: [...lastNames] };
}

/** Every key (match_key keys, "dob:", "cms:") one person is looked up by. */
export function personLookupKeys(person: MatchPerson): string[] {
  const k = blockingKeys([person]);
  return [...k.keys, ...k.datesOfBirth.map((d) => `dob:${d}`), ...k.cmsIds.map((c) => `cms:${c}`)];
}

/** Every key one record can be found by, in the same form as personLookupKeys. */
export function recordLookupKeys(record: KeyedRecord & { cms_id: string | null }): string[] {
  return [
    ...recordKeys(record),
    ...(record.date_of_birth ? [`dob:${record.date_of_birth}`] : []),
    ...(record.cms_id ? [`cms:${record.cms_id}`] : []),
  ];
}
