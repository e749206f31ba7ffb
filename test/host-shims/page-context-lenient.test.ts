/**
 * A page (or an iframe host snippet) that carries the context as JSON with one field wrong. The family must not
 * vanish from the panel for one mistyped gender or date: a wrong field a person can be searched without is left
 * out and named; a person whose name, relationship or CMS id is wrong is left out and named, and everyone else is
 * still offered. Only a context with no usable child, or no list of people, offers nobody.
 */
import { expect } from '@open-wc/testing';
import { readContextJson } from '../../host-shims/core/read-context.js';
import { splitName } from '../../host-shims/core/read-page.js';
import { DEFAULT_GENERIC_CONFIG } from '../../host-shims/generic/default-config.js';
import { TODAY } from './helpers.js';

const child = { cmsId: 'P042817', firstName: 'Leah', lastName: 'Hartley', dateOfBirth: '2019-03-14' };
const mother = { cmsId: 'P042818', firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-04-24', relationship: 'Mother', gender: 'female' };
const father = { cmsId: 'P042819', firstName: 'Dean', lastName: 'Hartley', dateOfBirth: '1990-11-02', relationship: 'Father' };
const nan = { cmsId: 'P042820', firstName: 'Janet', lastName: "O'Rourke", dateOfBirth: '1962-05-02', relationship: 'Maternal grandmother' };

const read = (json: unknown) => readContextJson(json, DEFAULT_GENERIC_CONFIG, { today: TODAY, label: 'context' });
const offeredIds = (reading: ReturnType<typeof read>) => reading.context?.people.slice(1).map((p) => p.cmsId);
const warned = (reading: ReturnType<typeof read>, start: string) => reading.warnings.some((w) => w.startsWith(start));

describe('a JSON page context with a wrong field', () => {
  it('reads a gender in any case', () => {
    const reading = read({ child: { ...child, gender: 'Female' }, people: [{ ...mother, gender: ' MALE ' }] });
    expect(reading.child!.gender).to.equal('female');
    expect(reading.context!.people[1]!.gender).to.equal('male');
    expect(reading.warnings.filter((w) => w.includes('gender'))).to.deep.equal([]);
  });

  it('leaves out a wrong date of birth or gender, names it, and still offers the whole family', () => {
    const reading = read({ child, people: [{ ...mother, gender: 'woman?' }, { ...father, dateOfBirth: '02/11/1990' }, nan] });
    expect(offeredIds(reading)).to.deep.equal(['P042818', 'P042819', 'P042820']);
    expect(reading.context!.people[1]!).to.not.have.property('gender');
    expect(reading.context!.people[2]!).to.not.have.property('dateOfBirth');
    expect(reading.context!.people[3]!.dateOfBirth).to.equal('1962-05-02');
    expect(warned(reading, 'context: people.0.gender:'), reading.warnings.join(' | ')).to.equal(true);
    expect(warned(reading, 'context: people.1.dateOfBirth: must be a date as YYYY-MM-DD; left out'), reading.warnings.join(' | ')).to.equal(true);
  });

  it('reads gender letters as selector mode does ("F", "M"), and null or "" for an ended relationship as not ended', () => {
    const reading = read({
      child: { ...child, gender: 'F' },
      people: [{ ...mother, gender: 'f', relationshipEnded: '' }, { ...father, gender: 'M', relationshipEnded: null, deceased: null }],
    });
    expect(reading.child!.gender).to.equal('female');
    expect(reading.context!.people.slice(1).map((p) => p.gender)).to.deep.equal(['female', 'male']);
    expect(offeredIds(reading)).to.deep.equal(['P042818', 'P042819']);
    expect(reading.warnings).to.deep.equal([]);
  });

  it('one wrong date of birth gives one warning, not a second one saying it is missing', () => {
    const reading = read({ child: { ...child, dateOfBirth: '14/03/2019' }, people: [{ ...father, dateOfBirth: '02/11/1990' }] });
    expect(reading.warnings.filter((w) => w.includes('people.0.dateOfBirth')), reading.warnings.join(' | ')).to.have.length(1);
    expect(reading.warnings.filter((w) => w.includes('child.dateOfBirth')), reading.warnings.join(' | ')).to.have.length(1);
  });

  it('leaves out only the person whose name or relationship is wrong, naming the field, keeping row numbers', () => {
    const { lastName: _l, ...noSurname } = father;
    const reading = read({ child, people: [mother, noSurname, { ...nan, relationship: '' }, { ...nan, cmsId: 'P042821', firstName: 'Rose' }] });
    expect(offeredIds(reading)).to.deep.equal(['P042818', 'P042821']);
    expect(reading.people.map((p) => [p.row, p.outcome])).to.deep.equal([
      [1, 'offered'],
      [2, 'unreadable'],
      [3, 'unreadable'],
      [4, 'offered'],
    ]);
    expect(reading.people[1]!.reason).to.contain('people.1.lastName: required');
    expect(reading.people[2]!.reason).to.contain('people.2.relationship');
    expect(warned(reading, 'context: people.1: left out: people.1.lastName: required'), reading.warnings.join(' | ')).to.equal(true);
  });

  it('reads a null or empty CMS id as none, and still offers the person', () => {
    const { cmsId: _id, ...partnerNoId } = { ...father, cmsId: '', relationship: "Mother's partner" };
    const reading = read({ child, people: [{ ...father, cmsId: null, relationship: "Mother's partner" }, { ...nan, cmsId: '  ' }] });
    expect(reading.people.map((p) => p.outcome)).to.deep.equal(['offered', 'offered']);
    expect(reading.context!.people[1]).to.deep.equal({ ...partnerNoId });
    expect(reading.context!.people[2]).to.not.have.property('cmsId');
    expect(reading.context!.unreadable).to.equal(undefined);
  });

  it('tells the panel how many people on the page could not be read or placed, so it can say so', () => {
    const { lastName: _l, ...noSurname } = father;
    const reading = read({ child, people: [mother, noSurname, { ...nan, relationship: 'Kinship carer (new)' }, { ...nan, cmsId: 'P042821', relationship: 'GP' }] });
    expect(offeredIds(reading)).to.deep.equal(['P042818']);
    // The unreadable father and the relationship in neither list are counted; the GP is left out by the rules.
    expect(reading.context!.unreadable).to.equal(2);
  });

  it('ignores a field it does not know, never sending it on', () => {
    const reading = read({ child: { ...child, nhsNumber: '9990000001' }, people: [{ ...mother, ethnicity: 'x', nickname: 'Gem' }] });
    expect(offeredIds(reading)).to.deep.equal(['P042818']);
    expect(reading.context!.people[0]).to.not.have.property('nhsNumber');
    expect(reading.context!.people[1]).to.not.have.property('ethnicity');
    expect(warned(reading, 'context: child: "nhsNumber" is not a field'), reading.warnings.join(' | ')).to.equal(true);
    expect(warned(reading, 'context: people.0: "ethnicity", "nickname" are not fields'), reading.warnings.join(' | ')).to.equal(true);
  });

  it('still treats a wrong "deceased" or end date as the selector shims do: kept, with a warning', () => {
    const reading = read({ child, people: [{ ...mother, deceased: 'unknown' }, { ...father, relationshipEnded: 'Ongoing' }, { ...nan, deceased: true }] });
    expect(offeredIds(reading)).to.deep.equal(['P042818', 'P042819']);
    expect(reading.people[2]!.outcome).to.equal('deceased');
    expect(warned(reading, 'context: people.0.deceased:'), reading.warnings.join(' | ')).to.equal(true);
    expect(warned(reading, 'context: people.1.relationshipEnded:'), reading.warnings.join(' | ')).to.equal(true);
  });

  it('reads "Yes"/"No" for deceased and an ended relationship, and an unquoted CMS id', () => {
    const reading = read({
      child: { ...child, cmsId: 42817 },
      people: [{ ...mother, cmsId: 42818, deceased: 'No' }, { ...father, deceased: 'Yes' }, { ...nan, relationshipEnded: 'Y' }, { ...nan, cmsId: 'P042821', firstName: 'Rose', relationshipEnded: 'no' }],
    });
    expect(reading.child!.cmsId).to.equal('42817');
    expect(offeredIds(reading)).to.deep.equal(['42818', 'P042821']);
    expect(reading.people.map((p) => p.outcome)).to.deep.equal(['offered', 'deceased', 'ended', 'offered']);
    expect(reading.warnings.filter((w) => /deceased|relationshipEnded|cmsId/.test(w))).to.deep.equal([]);
  });

  it('offers nobody when the child cannot be read or there is no list of people', () => {
    const { firstName: _f, ...nameless } = child;
    for (const json of [{ child: nameless, people: [mother] }, { child, people: mother }, { child, people: [mother], version: 2 }, [mother], null]) {
      const reading = read(json);
      expect(reading.context, JSON.stringify(json)).to.equal(undefined);
      expect(reading.warnings.length, JSON.stringify(json)).to.be.greaterThan(0);
    }
    const reading = read({ child: nameless, people: [mother] });
    expect(warned(reading, 'context: child.firstName: required'), reading.warnings.join(' | ')).to.equal(true);
  });
});

describe('a name cell with a title', () => {
  it('reads "Mrs Gemma Hartley" and "HARTLEY, Mrs Gemma" as Gemma Hartley, and leaves a name that only looks like one', () => {
    expect(splitName('Mrs Gemma Hartley', 'first-last')).to.deep.equal({ firstName: 'Gemma', lastName: 'Hartley' });
    expect(splitName('HARTLEY, Mrs Gemma', 'last-first')).to.deep.equal({ firstName: 'Gemma', lastName: 'HARTLEY' });
    expect(splitName('Dr. Amir Khan', 'first-last')).to.deep.equal({ firstName: 'Amir', lastName: 'Khan' });
    expect(splitName('Missy Elliott', 'first-last')).to.deep.equal({ firstName: 'Missy', lastName: 'Elliott' });
    expect(splitName('Master', 'first-last')).to.deep.equal({ firstName: '', lastName: 'Master' });
  });
});
