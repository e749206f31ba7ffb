/** Whole names as CMS pages write them, split into the first name and surname the service searches with. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readWholeName, type NameRules } from '../../host-shims/core/name-reader.js';

const FIRST_LAST: NameRules = { order: 'first-last' };
const LAST_FIRST: NameRules = { order: 'last-first' };
const split = (name: string, rules: NameRules = FIRST_LAST): [string, string] => {
  const read = readWholeName(name, rules);
  return [read.firstName, read.lastName];
};

describe('readWholeName', () => {
  it('keeps Irish, Scottish, Welsh, Arabic and European particles with the surname', () => {
    assert.deepEqual(split('Mairéad Nic Dhonnchadha'), ['Mairéad', 'Nic Dhonnchadha']);
    assert.deepEqual(split('Siobhán Ní Bhriain'), ['Siobhán', 'Ní Bhriain']);
    assert.deepEqual(split('Seán Mac Donnchadha'), ['Seán', 'Mac Donnchadha']);
    assert.deepEqual(split('Eimear Mac an tSaoir'), ['Eimear', 'Mac an tSaoir']);
    assert.deepEqual(split('Niall Ó Briain'), ['Niall', 'Ó Briain']);
    assert.deepEqual(split('Tadhg Ua Briain'), ['Tadhg', 'Ua Briain']);
    assert.deepEqual(split('Yusuf bin Hamid'), ['Yusuf', 'bin Hamid']);
    assert.deepEqual(split('Layla bint Yusuf'), ['Layla', 'bint Yusuf']);
    assert.deepEqual(split('Hamza ibn Rashid'), ['Hamza', 'ibn Rashid']);
    assert.deepEqual(split('Omar al Sayed'), ['Omar', 'al Sayed']);
    assert.deepEqual(split('Omar al-Sayed'), ['Omar', 'al-Sayed']);
    assert.deepEqual(split('Rhys ap Gruffydd'), ['Rhys', 'ap Gruffydd']);
    assert.deepEqual(split('Jan van Dijk'), ['Jan', 'van Dijk']);
    assert.deepEqual(split('Juan de la Cruz'), ['Juan', 'de la Cruz']);
    assert.deepEqual(split('Maria da Silva'), ['Maria', 'da Silva']);
    assert.deepEqual(split('Luca di Stefano'), ['Luca', 'di Stefano']);
    assert.deepEqual(split('Anne le Breton'), ['Anne', 'le Breton']);
    assert.deepEqual(split('Mary Anne Smith'), ['Mary', 'Smith']);
  });

  it('reads "SURNAME, First" whatever the order, and surname-first names without a comma', () => {
    assert.deepEqual(split('UA BRIAIN, Niamh'), ['Niamh', 'UA BRIAIN']);
    assert.deepEqual(split('MAC AN tSAOIR, Eimear', FIRST_LAST), ['Eimear', 'MAC AN tSAOIR']);
    assert.deepEqual(split('FITZGERALD, Dr Conor', LAST_FIRST), ['Conor', 'FITZGERALD']);
    assert.deepEqual(split('MAC AN tSAOIR Eimear', LAST_FIRST), ['Eimear', 'MAC AN tSAOIR']);
    assert.deepEqual(split('HARTLEY Gemma', LAST_FIRST), ['Gemma', 'HARTLEY']);
  });

  it('sets suffixes aside, bracketed or not', () => {
    assert.deepEqual(split('Liam Doyle (Jnr)'), ['Liam', 'Doyle']);
    assert.deepEqual(split('Liam Doyle Jnr'), ['Liam', 'Doyle']);
    assert.deepEqual(split('McGRATH, Declan Jnr'), ['Declan', 'McGRATH']);
    assert.deepEqual(split('HENDERSON, Marcus II'), ['Marcus', 'HENDERSON']);
    assert.deepEqual(split('UA BRIAIN, Pádraig Snr'), ['Pádraig', 'UA BRIAIN']);
    assert.deepEqual(split('Henry Ford III'), ['Henry', 'Ford']);
  });

  it('reads "(née X)" as a former surname and drops other brackets, saying so', () => {
    const carol = readWholeName('Carol Pike (née Brennan)', FIRST_LAST);
    assert.deepEqual([carol.firstName, carol.lastName, carol.previousLastNames, carol.dropped], ['Carol', 'Pike', ['Brennan'], []]);
    const niamh = readWholeName('UA BRIAIN, Niamh (née McGRATH)', LAST_FIRST);
    assert.deepEqual([niamh.firstName, niamh.lastName, niamh.previousLastNames], ['Niamh', 'UA BRIAIN', ['McGRATH']]);
    const nick = readWholeName('Jo Bloggs (known as Jojo)', FIRST_LAST);
    assert.deepEqual([nick.firstName, nick.lastName, nick.dropped], ['Jo', 'Bloggs', ['(known as Jojo)']]);
  });

  it('reads the Latin-script name beside an alias in another script', () => {
    assert.deepEqual(split('Maryam Haddad مريم حداد'), ['Maryam', 'Haddad']);
    assert.deepEqual(split('PETRENKO, Oksana (Оксана Петренко)', LAST_FIRST), ['Oksana', 'PETRENKO']);
    assert.deepEqual(split('مريم حداد'), ['مريم', 'حداد'], 'a name only in another script is read as written');
  });

  it('follows the config: more particles, built-in ones that are not, more suffixes', () => {
    // Vietnamese "Van" is a middle name, not the Dutch particle: a council can say so.
    assert.deepEqual(split('Nguyen Van An'), ['Nguyen', 'Van An']);
    assert.deepEqual(split('Nguyen Van An', { order: 'first-last', notParticles: ['Van'] }), ['Nguyen', 'An']);
    assert.deepEqual(split('Ann Fitz Gerald', { order: 'first-last', particles: ['Fitz'] }), ['Ann', 'Fitz Gerald']);
    assert.deepEqual(split('Jo Smith OBE', { order: 'first-last', suffixes: ['OBE'] }), ['Jo', 'Smith']);
    assert.deepEqual(split('Piet van Dijk', { order: 'first-last', notParticles: ['van'] }), ['Piet', 'Dijk']);
  });
});
