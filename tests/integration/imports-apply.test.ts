// Import: preview counts, line errors, apply in one transaction, idempotency, enrolment orders, tenancy.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { pdConsents } from '../../src/modules/consents/schema.ts';
import { classMemberships, orderItems, orders } from '../../src/modules/contingent/schema.ts';
import { importBatches } from '../../src/modules/imports/schema.ts';
import { guardians, staff, studentGuardians, students } from '../../src/modules/people/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { batchIdOf, csvText, encode, STAFF_HEADERS, STUDENT_HEADERS, studentLine, upload, type Line } from '../fixtures/imports/files.ts';

let t: TestApp;
let admin: Client;
let schoolId: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  const [s] = await t.database.db.select({ schoolId: staff.schoolId }).from(staff).where(eq(staff.lastName, 'Смирнова')).limit(1);
  schoolId = s!.schoolId;
});
afterAll(async () => { await t.close(); });

const db = () => t.database.db;
async function count(table: typeof staff | typeof students | typeof guardians | typeof studentGuardians | typeof orders | typeof classMemberships | typeof importBatches) {
  return Number((await db().select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.schoolId, schoolId)))[0]!.n);
}
const snapshot = async () => ({
  staff: await count(staff), students: await count(students), guardians: await count(guardians), links: await count(studentGuardians),
  orders: await count(orders), memberships: await count(classMemberships),
});

/** Uploads a CSV and returns the preview page of the stored batch. */
async function preview(kind: 'staff' | 'students', headers: readonly string[], lines: Line[], encoding: Parameters<typeof encode>[1] = 'utf-8-bom') {
  const res = await upload(t.app, admin, kind, { name: `${kind}.csv`, data: encode(csvText(headers, lines), encoding) });
  expect(res.statusCode, mainText(res.body)).toBe(303);
  const id = batchIdOf(res.headers.location)!;
  const page = await admin.get(`/import/${id}`);
  expect(page.statusCode).toBe(200);
  return { id, page, text: mainText(page.body) };
}
const apply = (id: string, form: Record<string, string> = {}) => admin.post(`/import/${id}/apply`, form);

const STAFF_FILE: Line[] = [
  { Фамилия: 'Новенькая', Имя: 'Вера', Отчество: 'Львовна', Пол: 'ж', 'Дата рождения': '01.02.1990', Должность: 'Учитель химии', 'Табельный номер': '0042', 'Эл. почта': 'vera@example.ru' },
  { Фамилия: 'Новиков', Имя: 'Олег', Пол: 'м', 'Дата рождения': '12.12.1980', Должность: 'Учитель труда' },
  // The demo teacher: found by ФИО + birth date; a new phone and a personnel number.
  { Фамилия: 'Иванова', Имя: 'Мария', Отчество: 'Александровна', 'Дата рождения': '17.04.1988', Телефон: '+7 900 111-22-33', 'Табельный номер': '7' },
];

describe('staff', () => {
  it('previews, applies with audit rows, and a second import of the same file changes nothing', async () => {
    const before = await snapshot();
    const first = await preview('staff', STAFF_HEADERS, STAFF_FILE);
    expect(first.text).toMatch(/Строк в файле 3 Будет создано 2 Будет обновлено 1 Без изменений 0/);
    expect(first.text).toContain('изменится: телефон, табельный номер');
    expect(await snapshot()).toEqual(before);

    const done = await apply(first.id);
    expect(done.statusCode).toBe(303);
    const result = mainText((await admin.get(done.headers.location as string)).body);
    expect(result).toContain('Импорт выполнен: создано 2, обновлено 1, без изменений 0.');
    expect(result).toMatch(/Создано 2 Обновлено 1/);
    expect(await count(staff)).toBe(before.staff + 2);
    const [teacher] = await db().select().from(staff).where(and(eq(staff.schoolId, schoolId), eq(staff.lastName, 'Иванова'), eq(staff.firstName, 'Мария')));
    expect(teacher).toMatchObject({ phone: '+7 900 111-22-33', externalId: '7', position: 'Учитель математики', category: 'первая' });
    const [vera] = await db().select().from(staff).where(and(eq(staff.schoolId, schoolId), eq(staff.externalId, '0042')));
    expect(vera).toMatchObject({ lastName: 'Новенькая', birthDate: '1990-02-01', sex: 'ж', email: 'vera@example.ru' });
    const audit = await db().select({ entity: auditEvents.entity, action: auditEvents.action }).from(auditEvents)
      .where(and(eq(auditEvents.schoolId, schoolId), sql`${auditEvents.action} like 'import%' or ${auditEvents.entity} = 'import_batch'`));
    expect(audit.filter((a) => a.entity === 'staff' && a.action === 'import_create')).toHaveLength(2);
    expect(audit.filter((a) => a.entity === 'staff' && a.action === 'import_update')).toHaveLength(1);
    expect(audit.filter((a) => a.entity === 'import_batch')).toHaveLength(1);

    const again = await preview('staff', STAFF_HEADERS, STAFF_FILE);
    expect(again.text).toMatch(/Будет создано 0 Будет обновлено 0 Без изменений 3/);
    expect(again.text).toContain('Все строки без изменений');
    expect((await apply(again.id)).statusCode).toBe(303);
    expect(await count(staff)).toBe(before.staff + 2);
  });

  it('refuses to apply the same batch twice', async () => {
    const p = await preview('staff', STAFF_HEADERS, [{ Фамилия: 'Дважды', Имя: 'Дарья', 'Дата рождения': '05.05.1995' }]);
    expect((await apply(p.id)).statusCode).toBe(303);
    const n = await count(staff);
    const twice = await apply(p.id);
    expect(twice.statusCode).toBe(409);
    expect(mainText(twice.body)).toContain('уже импортирован');
    expect(await count(staff)).toBe(n);
  });
});

describe('students with guardians', () => {
  // The new mother's signed consent is in the file (152-ФЗ): her phone is kept and the consent recorded.
  const family = {
    'Родитель 1 Фамилия': 'Лесная', 'Родитель 1 Имя': 'Ольга', 'Родитель 1 Отчество': 'Павловна', 'Родитель 1 Телефон': '8 (901) 555-44-33',
    'Родитель 1 Согласие': 'Заявление № 31 от 20.11.2026',
  };
  const FILE: Line[] = [
    // Two siblings new to the school, sharing a mother (one guardian, two links), enrolled in 5А and 2А.
    studentLine(1, { Фамилия: 'Лесной', Имя: 'Глеб', Класс: '5 а', ...family }),
    studentLine(2, { Фамилия: 'Лесная', Имя: 'Ева', Пол: 'ж', 'Дата рождения': '10.10.2018', Класс: '2A', ...family, 'Родитель 1 Телефон': '+7 901 555-44-33' }),
    // A new child of the demo parent: linked to her, never duplicated.
    studentLine(3, { Фамилия: 'Морозов', Имя: 'Кирилл', 'Дата рождения': '01.09.2020', Класс: '', 'Родитель 1 Фамилия': 'Морозова', 'Родитель 1 Имя': 'Анна', 'Родитель 1 Отчество': 'Игоревна', 'Родитель 1 Телефон': '+7 915 123-45-67' }),
    // The demo student by his personal file number: already in 5А, the file says 6А → a warning, no transfer.
    { ...studentLine(4, { Фамилия: 'Морозов', Имя: 'Дмитрий', Отчество: 'Сергеевич', 'Дата рождения': '03.05.2015', 'Номер личного дела': 'М-0001', Класс: '6А' }),
      'Родитель 1 Фамилия': 'Морозова', 'Родитель 1 Имя': 'Анна', 'Родитель 1 Отчество': 'Игоревна', 'Родитель 1 Телефон': '+7 915 123-45-67', 'Родитель 1 Эл. почта': 'anna.m@example.ru' },
  ];

  it('previews the counts, warns about a different class, asks for the enrolment order and writes it all in one go', async () => {
    const before = await snapshot();
    const p = await preview('students', STUDENT_HEADERS, FILE);
    expect(p.text).toMatch(/Строк в файле 4 Будет создано 3 Будет обновлено 1 Без изменений 0/);
    expect(p.text).toContain('Родители новых 1, изменённых 1, новых связей с детьми 3');
    expect(p.text).toContain('Будут зачислены в классы 2');
    expect(p.text).toContain('Морозов Дмитрий Сергеевич уже в классе 5А, а в файле — 6А. Класс не изменится');
    expect(p.page.body).toContain('name="orderNumber"');

    const missing = await apply(p.id, {});
    expect(missing.statusCode).toBe(422);
    expect(mainText(missing.body)).toContain('Укажите номер приказа о зачислении.');
    const outside = await apply(p.id, { orderNumber: '77-К', orderDate: '2025-01-10' });
    expect(outside.statusCode).toBe(422);
    expect(mainText(outside.body)).toContain('Дата приказа должна быть внутри учебного года 2026/2027');
    const taken = await apply(p.id, { orderNumber: '112-К', orderDate: '2026-09-01' });
    expect(taken.statusCode).toBe(422);
    expect(mainText(taken.body)).toContain('Приказ № 112-К от этой даты уже есть');
    expect(await snapshot()).toEqual(before);

    const ok = await apply(p.id, { orderNumber: '77-К', orderDate: '20.11.2026' });
    expect(ok.statusCode).toBe(303);
    expect(mainText((await admin.get(ok.headers.location as string)).body)).toContain('Приказ о зачислении № 77-К от 20.11.2026');
    expect(await snapshot()).toEqual({ ...before, students: before.students + 3, guardians: before.guardians + 1, links: before.links + 3, orders: before.orders + 1, memberships: before.memberships + 2 });

    const [order] = await db().select().from(orders).where(and(eq(orders.schoolId, schoolId), eq(orders.number, '77-К')));
    expect(order).toMatchObject({ kind: 'enrolment', status: 'posted', title: 'Зачисление (импорт из файла)', date: '2026-11-20' });
    const items = await db().select({ studentId: orderItems.studentId, to: schoolClasses.name, on: orderItems.effectiveOn, id: orderItems.id })
      .from(orderItems).innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, orderItems.schoolId), eq(schoolClasses.id, orderItems.toClassId)))
      .where(and(eq(orderItems.schoolId, schoolId), eq(orderItems.orderId, order!.id)));
    expect(items.map((i) => i.to).sort()).toEqual(['2А', '5А']);
    const glebRows = await db().select().from(students).where(and(eq(students.schoolId, schoolId), eq(students.personalFileNo, 'ИМ-1')));
    const gleb = glebRows[0]!;
    const [membership] = await db().select().from(classMemberships).where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, gleb.id)));
    const item = items.find((i) => i.studentId === gleb.id)!;
    expect(membership).toMatchObject({ startsOn: '2026-11-20', endsOn: null, startItemId: item.id });

    // One mother for both siblings.
    const mothers = await db().select().from(guardians).where(and(eq(guardians.schoolId, schoolId), eq(guardians.lastName, 'Лесная')));
    expect(mothers).toHaveLength(1);
    expect(mothers[0]).toMatchObject({ firstName: 'Ольга', sex: 'ж', phone: '8 (901) 555-44-33' });
    expect(await db().select().from(pdConsents).where(eq(pdConsents.guardianId, mothers[0]!.id)))
      .toMatchObject([{ document: 'Заявление № 31 от 20.11.2026', purposes: ['journal', 'contacts', 'alerts'], withdrawnOn: null }]);
    // The demo parent: still one card, now with the e-mail from the file, and three children.
    const annas = await db().select().from(guardians).where(and(eq(guardians.schoolId, schoolId), eq(guardians.lastName, 'Морозова'), eq(guardians.firstName, 'Анна')));
    expect(annas).toHaveLength(1);
    expect(annas[0]!.email).toBe('anna.m@example.ru');
    expect(await db().select().from(studentGuardians).where(and(eq(studentGuardians.schoolId, schoolId), eq(studentGuardians.guardianId, annas[0]!.id)))).toHaveLength(3);
    // Dmitry stays in 5А.
    const dmitry = (await db().select().from(students).where(and(eq(students.schoolId, schoolId), eq(students.personalFileNo, 'М-0001'))))[0]!;
    const dm = await db().select({ name: schoolClasses.name }).from(classMemberships)
      .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
      .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, dmitry.id)));
    expect(dm.map((m) => m.name)).toEqual(['5А']);
    const audit = await db().select({ entity: auditEvents.entity, action: auditEvents.action }).from(auditEvents)
      .where(and(eq(auditEvents.schoolId, schoolId), eq(auditEvents.requestId, (await db().select({ r: auditEvents.requestId }).from(auditEvents).where(eq(auditEvents.entityId, p.id)))[0]!.r!)));
    // Three new students; Dmitry's card is unchanged (only his mother's e-mail changes: a guardian row).
    expect(audit.filter((a) => a.entity === 'student' && a.action === 'import_create')).toHaveLength(3);
    expect(audit.filter((a) => a.entity === 'student' && a.action === 'import_update')).toHaveLength(0);
    expect(audit.filter((a) => a.entity === 'guardian')).toHaveLength(2);
    expect(audit.filter((a) => a.entity === 'order')).toHaveLength(1);

    // The same file again: nothing to do, nothing duplicated, no order asked for.
    const after = await snapshot();
    const again = await preview('students', STUDENT_HEADERS, FILE);
    expect(again.text).toMatch(/Будет создано 0 Будет обновлено 0 Без изменений 4/);
    expect(again.text).toContain('без изменений');
    expect(again.page.body).not.toContain('name="orderNumber"');
    expect((await apply(again.id)).statusCode).toBe(303);
    expect(await snapshot()).toEqual(after);
  });

  it('reads a Windows-1251 file and stores the Cyrillic names as they are', async () => {
    const line = studentLine(50, { Фамилия: 'Щукина-Жёлудева', Имя: 'Эльвира', Пол: 'ж', 'Родитель 1 Фамилия': 'Щукина-Жёлудева', 'Родитель 1 Имя': 'Юлия', 'Родитель 1 Кем приходится': 'Опекун' });
    const p = await preview('students', STUDENT_HEADERS, [line], 'windows-1251');
    expect(p.text).toContain('CSV, Windows-1251');
    expect((await apply(p.id)).statusCode).toBe(303);
    const [s] = await db().select().from(students).where(and(eq(students.schoolId, schoolId), eq(students.personalFileNo, 'ИМ-50')));
    expect(s).toMatchObject({ lastName: 'Щукина-Жёлудева', firstName: 'Эльвира', middleName: 'Петрович' });
    const links = await db().select({ relation: studentGuardians.relation, first: guardians.firstName }).from(studentGuardians)
      .innerJoin(guardians, and(eq(guardians.schoolId, studentGuardians.schoolId), eq(guardians.id, studentGuardians.guardianId)))
      .where(and(eq(studentGuardians.schoolId, schoolId), eq(studentGuardians.studentId, s!.id)));
    expect(links).toEqual([{ relation: 'опекун', first: 'Юлия' }]);
  });
});

describe('two previews of the same file applied at the same time', () => {
  it('never duplicate: the second sees the first’s rows, or is refused as changed', async () => {
    const lines = [studentLine(300), studentLine(301)];
    const a = await preview('students', STUDENT_HEADERS, lines);
    const b = await preview('students', STUDENT_HEADERS, lines);
    const before = await count(students);
    const [ra, rb] = await Promise.all([apply(a.id), apply(b.id)]);
    const statuses = [ra.statusCode, rb.statusCode].sort();
    expect([[303, 303], [303, 409]]).toContainEqual(statuses);
    const refused = [ra, rb].find((r) => r.statusCode === 409);
    if (refused) expect(mainText(refused.body)).toContain('Данные школы изменились после проверки файла');
    expect(await count(students)).toBe(before + 2);
  });
});

describe('bad lines', () => {
  it('lists every bad line with its number and reasons; no apply button; nothing written', async () => {
    const before = await snapshot();
    const batches = await count(importBatches);
    const lines: Line[] = [
      studentLine(101),
      studentLine(102, { Пол: 'x', 'Дата рождения': '31.02.2015' }),
      studentLine(103, { 'Дата рождения': '01.01.1950', 'Родитель 1 Эл. почта': 'not-an-email' }),
      studentLine(104, { Класс: '5В', 'Родитель 1 Кем приходится': 'сосед' }),
      studentLine(105, { 'Номер личного дела': 'ИМ-101' }),
      studentLine(106, { 'Родитель 1 Фамилия': '', 'Родитель 1 Имя': '' }),
      studentLine(107, { Фамилия: '', 'Номер личного дела': '' }),
      studentLine(108, { 'Дата рождения': '01.01.2030', 'Родитель 1 Телефон': '12-34' }),
    ];
    const extra = csvText(STUDENT_HEADERS, [studentLine(109)]).trimEnd().split('\r\n')[1];
    const text = `${csvText(STUDENT_HEADERS, lines).trimEnd()}\r\n${extra};лишнее\r\n`;
    const res = await upload(t.app, admin, 'students', { name: 'bad.csv', data: encode(text, 'utf-8') });
    expect(res.statusCode).toBe(422);
    const page = mainText(res.body);
    expect(page).toContain('ошибки в строках — 8 из 9');
    const rows = [...res.body.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'")] as const);
    expect(rows.map((r) => r[0])).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const reasons = new Map(rows);
    expect(reasons.get(3)).toContain('пол должен быть «м» или «ж», а не «x»');
    expect(reasons.get(3)).toContain('дата рождения «31.02.2015» — не дата');
    expect(reasons.get(4)).toContain('дата рождения 01.01.1950 неправдоподобна');
    expect(reasons.get(4)).toContain('эл. почта родителя 1 «not-an-email» — не адрес электронной почты');
    expect(reasons.get(5)).toContain('класса «5В» нет в текущем учебном году');
    expect(reasons.get(5)).toContain('«Родитель 1 Кем приходится»: «сосед» — не из списка');
    expect(reasons.get(6)).toContain('номер личного дела «ИМ-101» уже встречается в строке 2');
    expect(reasons.get(7)).toContain('не заполнено поле «Родитель 1 Фамилия»');
    expect(reasons.get(8)).toContain('не заполнено поле «Фамилия»');
    expect(reasons.get(8)).toContain('не заполнен «Номер личного дела»');
    expect(reasons.get(9)).toContain('в будущем');
    expect(reasons.get(9)).toContain('телефон родителя 1 «12-34» — не номер телефона');
    // 21 headers (each guardian has a «Согласие» column): the extra value is the 22nd.
    expect(reasons.get(10)).toContain('значение «лишнее» в столбце 22, у которого нет заголовка');
    expect(res.body).not.toContain('/apply');
    expect(res.body).not.toContain('>Импортировать<');
    expect(await snapshot()).toEqual(before);
    expect(await count(importBatches)).toBe(batches);
  });
});

describe('tenancy and ids', () => {
  it('admin2 cannot see or apply school 1’s batch (404), nor can a malformed id be used', async () => {
    const p = await preview('staff', STAFF_HEADERS, [{ Фамилия: 'Чужая', Имя: 'Нина', 'Дата рождения': '03.03.1983' }]);
    const other = await loginAs(t.app, 'admin2');
    expect((await other.get(`/import/${p.id}`)).statusCode).toBe(404);
    await other.get('/import');
    const res = await other.post(`/import/${p.id}/apply`);
    expect(res.statusCode).toBe(404);
    const [batch] = await db().select({ status: importBatches.status }).from(importBatches).where(eq(importBatches.id, p.id));
    expect(batch!.status).toBe('preview');
    expect((await admin.get('/import/not-a-uuid')).statusCode).toBe(404);
    expect((await admin.post('/import/not-a-uuid/apply')).statusCode).toBe(404);
    expect((await admin.get(`/import/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it('the apply form needs the CSRF token', async () => {
    const p = await preview('staff', STAFF_HEADERS, [{ Фамилия: 'Токенова', Имя: 'Тина', 'Дата рождения': '04.04.1984' }]);
    const res = await admin.post(`/import/${p.id}/apply`, {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    const [batch] = await db().select({ status: importBatches.status }).from(importBatches).where(eq(importBatches.id, p.id));
    expect(batch!.status).toBe('preview');
  });
});
