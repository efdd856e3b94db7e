// The consent rules (152-ФЗ): which consents are current, what they cover, who signs, what may be saved without one,
// and what a withdrawal erases.
import { describe, expect, it } from 'vitest';
import {
  checkConsent, checkWithdrawal, consentStatus, coveredPurposes, refusedContacts, studentSigner, toErase,
  type ConsentFacts, type ConsentInput, type OptionalData, type Purpose,
} from '../../src/modules/consents/rules.ts';

const TODAY = '2026-12-07';
const c = (givenOn: string, purposes: string[], withdrawnOn: string | null = null): ConsentFacts => ({ givenOn, purposes, withdrawnOn });

describe('what the consents on file cover today', () => {
  it.each<[string, ConsentFacts[], Purpose[], string]>([
    ['nothing on file', [], [], 'none'],
    ['one current consent', [c('2026-09-01', ['journal', 'contacts'])], ['journal', 'contacts'], 'current'],
    ['given in the future: not yet', [c('2026-12-08', ['contacts'])], [], 'none'],
    ['given today', [c(TODAY, ['alerts'])], ['alerts'], 'current'],
    ['withdrawn', [c('2026-09-01', ['contacts'], '2026-11-01')], [], 'withdrawn'],
    ['a new one after a withdrawal', [c('2026-09-01', ['contacts'], '2026-11-01'), c('2026-11-02', ['journal'])], ['journal'], 'current'],
    ['the union of two current ones', [c('2026-09-01', ['journal']), c('2026-10-01', ['photo', 'alerts'])],
      ['journal', 'photo', 'alerts'], 'current'],
    ['an unknown purpose is ignored', [c('2026-09-01', ['gossip'])], [], 'current'],
  ])('%s', (_name, consents, covered, status) => {
    expect([...coveredPurposes(consents, TODAY)].sort()).toEqual([...covered].sort());
    expect(consentStatus(consents, TODAY)).toBe(status);
  });
});

describe('what a withdrawal erases', () => {
  const all = new Set<OptionalData>(['phone', 'email', 'address', 'alertPrefs', 'pushSubscriptions', 'digestSubscription']);
  it.each<[string, Purpose[], Set<OptionalData>, OptionalData[]]>([
    ['nothing left: every optional datum present', [], all,
      ['phone', 'email', 'address', 'alertPrefs', 'pushSubscriptions', 'digestSubscription']],
    ['contacts still covered: alerts go', ['contacts'], all, ['alertPrefs', 'pushSubscriptions', 'digestSubscription']],
    ['alerts still covered: contacts go', ['alerts', 'journal'], all, ['phone', 'email', 'address']],
    ['everything covered: nothing', ['contacts', 'alerts'], all, []],
    ['only what is present', [], new Set<OptionalData>(['email']), ['email']],
    ['nothing present', [], new Set<OptionalData>(), []],
  ])('%s', (_name, covered, present, erased) => {
    expect(toErase(new Set(covered), present)).toEqual(erased);
  });
});

describe('contacts without a consent', () => {
  const none = new Set<Purpose>();
  it.each<[string, Record<string, string | null>, Record<string, string | null> | null, Set<Purpose>, string[]]>([
    ['a new phone without consent', { phone: '+79161234567', email: null }, null, none, ['phone']],
    ['a new phone and e-mail', { phone: '+79161234567', email: 'a@b.ru', address: '' }, null, none, ['phone', 'email']],
    ['with a consent for contacts: anything', { phone: '+79161234567', email: 'a@b.ru' }, null, new Set<Purpose>(['contacts']), []],
    ['a consent for other purposes does not do', { address: 'ул. Ленина, 1' }, null, new Set<Purpose>(['journal', 'alerts']), ['address']],
    ['a changed phone', { phone: '+79160000000' }, { phone: '+79161234567' }, none, ['phone']],
    ['an unchanged phone kept from before', { phone: '+79161234567' }, { phone: '+79161234567' }, none, []],
    ['clearing is allowed', { phone: null, email: null, address: null }, { phone: '+79161234567' }, none, []],
    ['fields the form has not (school collects no contacts)', {}, { phone: '+79161234567' }, none, []],
  ])('%s', (_name, input, before, covered, refused) => {
    expect(refusedContacts(input, before, covered)).toEqual(refused);
  });
});

describe('who signs a student\'s consent', () => {
  it.each<[string | null, string, string, boolean]>([
    [null, TODAY, 'guardian', false],
    ['2016-03-15', TODAY, 'guardian', false],
    ['2012-12-07', TODAY, 'guardian', true],
    ['2012-12-08', TODAY, 'guardian', false],
    ['2008-12-07', TODAY, 'self', false],
    ['2008-12-08', TODAY, 'guardian', true],
  ])('born %s, on %s: %s (co-sign %s)', (birthDate, on, signer, mayCosign) => {
    expect(studentSigner(birthDate, on)).toEqual({ signer, mayCosign });
  });
});

describe('checking a consent before it is recorded', () => {
  const ok: ConsentInput = {
    givenOn: '2026-09-01', purposes: ['journal'], document: 'Заявление № 12 от 01.09.2026', givenByGuardianId: 'g1', studentCosigned: false,
  };
  const minor = { kind: 'student' as const, birthDate: '2016-03-15', guardianIds: ['g1', 'g2'] };
  const teen = { kind: 'student' as const, birthDate: '2011-01-10', guardianIds: ['g1'] };
  const adult = { kind: 'student' as const, birthDate: '2007-01-10', guardianIds: ['g1'] };
  it.each<[string, ConsentInput, Parameters<typeof checkConsent>[1], string[]]>([
    ['a minor\'s, signed by a parent', ok, minor, []],
    ['a date in the future', { ...ok, givenOn: '2026-12-08' }, minor, ['givenOn']],
    ['no purpose', { ...ok, purposes: [] }, minor, ['purposes']],
    ['an unknown purpose', { ...ok, purposes: ['journal', 'x'] }, minor, ['purposes']],
    ['no document', { ...ok, document: '  ' }, minor, ['document']],
    ['a minor\'s without a representative', { ...ok, givenByGuardianId: null }, minor, ['givenByGuardianId']],
    ['signed by someone else\'s parent', { ...ok, givenByGuardianId: 'g9' }, minor, ['givenByGuardianId']],
    ['a child of 10 cannot co-sign', { ...ok, studentCosigned: true }, minor, ['studentCosigned']],
    ['a teenager co-signs', { ...ok, studentCosigned: true }, teen, []],
    ['an adult student signs alone', { ...ok, givenByGuardianId: null }, adult, []],
    ['an adult student needs no representative', ok, adult, ['givenByGuardianId']],
    ['a guardian signs for themself', { ...ok, givenByGuardianId: null }, { kind: 'guardian' }, []],
    ['a guardian\'s with a representative', ok, { kind: 'guardian' }, ['givenByGuardianId']],
  ])('%s', (_name, input, subject, fields) => {
    expect(Object.keys(checkConsent(input, subject, TODAY)).sort()).toEqual([...fields].sort());
  });
});

describe('checking a withdrawal', () => {
  const given = c('2026-09-01', ['contacts']);
  it.each<[string, { withdrawnOn: string; document: string; reason: string }, ConsentFacts, string[] | 'already']>([
    ['on a paper, today', { withdrawnOn: TODAY, document: 'Заявление об отзыве № 3', reason: '' }, given, []],
    ['in the future', { withdrawnOn: '2026-12-08', document: 'З', reason: '' }, given, ['withdrawnOn']],
    ['before the consent', { withdrawnOn: '2026-08-31', document: 'З', reason: '' }, given, ['withdrawnOn']],
    ['without a document', { withdrawnOn: TODAY, document: '', reason: 'переезд' }, given, ['document']],
    ['already withdrawn', { withdrawnOn: TODAY, document: 'З', reason: '' }, c('2026-09-01', ['contacts'], '2026-10-01'), 'already'],
  ])('%s', (_name, input, consent, fields) => {
    const r = checkWithdrawal(input, consent, TODAY);
    expect(r === 'already' ? r : Object.keys(r).sort()).toEqual(fields);
  });
});
