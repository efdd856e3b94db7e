// СНИЛС on the person cards (checked, unique per school, another school's card answers 404) and linking a provider's
// subject by it: exactly one account whose card carries the provider's СНИЛС is linked and logged in; two accounts
// with it, a card without an account, or a СНИЛС with a wrong check number link nobody — the link-code page instead.
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdentities } from '../../src/modules/accounts/oidc/schema.ts';
import { authEvents } from '../../src/modules/accounts/schema.ts';
import { guardians, staff } from '../../src/modules/people/schema.ts';
import { loginAs, mainText } from '../support/client.ts';
import { accountIdOf, signIn, startOidcWorld, type OidcWorld } from './oidc-support.ts';
import { memberOf, schoolId, SCHOOL_2, staffFormValues } from './people-support.ts';

let w: OidcWorld;
const db = () => w.t.database.db;

beforeAll(async () => {
  w = await startOidcWorld({
    'esia-parent': '112-233-445 95',
    'esia-twin': '222-333-444 16',
    'esia-nobody': '333-444-555 61',
    'esia-bad': '112-233-445 96',
  });
});
afterAll(async () => { await w?.close(); });

describe('СНИЛС on the person cards', () => {
  it('saved as 11 digits, shown as printed; a wrong check number and a duplicate in the school are refused', async () => {
    const admin = await loginAs(w.t.app, 'admin');
    await admin.get('/people/staff/new');
    const created = await admin.post('/people/staff', staffFormValues({ snils: '333 444 555 61' }));
    expect(created.statusCode).toBe(303);
    const id = created.headers.location!.split('/').pop()!;
    expect((await db().select().from(staff).where(eq(staff.id, id)))[0]!.snils).toBe('33344455561');
    expect(mainText((await admin.get(`/people/staff/${id}`)).body)).toContain('СНИЛС 333-444-555 61');

    await admin.get('/people/staff/new');
    const wrong = await admin.post('/people/staff', staffFormValues({ lastName: 'Другова', snils: '333-444-555 62' }));
    expect(wrong.statusCode).toBe(422);
    expect(mainText(wrong.body)).toContain('СНИЛС введён с ошибкой: контрольное число не сходится');
    const twice = await admin.post('/people/staff', staffFormValues({ lastName: 'Другова', snils: '33344455561' }));
    expect(twice.statusCode).toBe(422);
    expect(mainText(twice.body)).toContain('Этот СНИЛС уже записан в другой карточке школы');
    expect(twice.body).toContain('value="33344455561"');
    // Editing the card itself keeps its own СНИЛС.
    await admin.get(`/people/staff/${id}/edit`);
    expect((await admin.post(`/people/staff/${id}`, staffFormValues({ snils: '33344455561', position: 'Завуч' }))).statusCode).toBe(303);
  });

  it('another school\'s admin gets 404 for the card; a teacher may not write СНИЛС (403)', async () => {
    const { staffId } = await memberOf(db(), 'teacher');
    const admin2 = await loginAs(w.t.app, 'admin2');
    await admin2.get('/people/staff/new');
    expect((await admin2.post(`/people/staff/${staffId}`, staffFormValues({ snils: '112-233-445 95' }))).statusCode).toBe(404);
    expect((await admin2.get(`/people/staff/${staffId}/edit`)).statusCode).toBe(404);
    const teacher = await loginAs(w.t.app, 'teacher');
    await teacher.get('/');
    expect((await teacher.post(`/people/staff/${staffId}`, staffFormValues({ snils: '112-233-445 95' }))).statusCode).toBe(403);
    expect((await db().select().from(staff).where(eq(staff.id, staffId!)))[0]!.snils).toBeNull();
  });
});

describe('linking by СНИЛС', () => {
  it('exactly one account carries it: linked (audited) and logged in at once, never asked for a code', async () => {
    const { guardianId } = await memberOf(db(), 'parent');
    await db().update(guardians).set({ snils: '11223344595' }).where(eq(guardians.id, guardianId!));
    const { browser, res } = await signIn(w.t, w.provider, 'esia-parent');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const parent = await accountIdOf(db(), 'parent');
    expect(await db().select().from(accountIdentities).where(eq(accountIdentities.subject, 'esia-parent')))
      .toMatchObject([{ accountId: parent, linkedBy: 'snils', providerId: 'test' }]);
    const [ev] = await db().select().from(authEvents).where(and(eq(authEvents.kind, 'oidc_linked'), eq(authEvents.accountId, parent)))
      .orderBy(desc(authEvents.id)).limit(1);
    expect(ev!.detail).toBe('test: snils');
    expect(mainText((await browser.get('/account')).body)).toContain('Морозова Анна Игоревна');
  });

  it('two accounts carry it (a card in each school): nobody is linked, the link-code page', async () => {
    const { guardianId } = await memberOf(db(), 'parent');
    const { staffId } = await memberOf(db(), 'admin2');
    await db().update(guardians).set({ snils: '22233344416' }).where(eq(guardians.id, guardianId!));
    await db().update(staff).set({ snils: '22233344416' }).where(and(eq(staff.id, staffId!), eq(staff.schoolId, await schoolId(db(), SCHOOL_2))));
    const { res } = await signIn(w.t, w.provider, 'esia-twin');
    expect(res.headers.location).toBe('/login/oidc/link');
    expect(await db().select().from(accountIdentities).where(eq(accountIdentities.subject, 'esia-twin'))).toEqual([]);
  });

  it('a card without an account, or a СНИЛС with a wrong check number: the link-code page', async () => {
    // 333-444-555 61 is on the staff card created above, which has no account.
    expect((await signIn(w.t, w.provider, 'esia-nobody')).res.headers.location).toBe('/login/oidc/link');
    expect((await signIn(w.t, w.provider, 'esia-bad')).res.headers.location).toBe('/login/oidc/link');
  });
});
