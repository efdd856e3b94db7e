import { describe, expect, it } from 'vitest';
import {
  COMPROMISE_REASON, parseSince, planUnits, restoreGroups, sameValue, unitsOf, unitsToRestore, type AuditStep, type UnitStatus,
} from '../../src/modules/accounts/compromise/rules.ts';

const ME = 'acc-teacher';
const DEPUTY = 'acc-deputy';
const ADMIN = 'acc-admin';
const L = 'lesson-1';
const S = 'student-1';
let n = 0;

/** An audit row at minute `min` of a day, its place in the chain in the same order (by default the teacher's, request r<min>). */
function step(min: number, entity: string, entityId: string, oldValue: unknown, newValue: unknown, extra: Partial<AuditStep> = {}): AuditStep {
  n += 1;
  return {
    id: `id-${n}`, seq: min * 1000 + n, at: new Date(Date.UTC(2026, 10, 23, 7, min)), actorAccountId: ME, actorName: 'Иванова Мария Александровна', actorLogin: 'teacher',
    requestId: `r${min}`, entity, entityId, action: extra.action ?? 'update', oldValue, newValue, reason: null, ...extra,
  };
}
const deputy = (s: AuditStep): AuditStep => ({ ...s, actorAccountId: DEPUTY, actorName: 'Кузнецова Елена Викторовна', actorLogin: 'deputy' });
const admin = (s: AuditStep): AuditStep => ({ ...s, actorAccountId: ADMIN, actorName: 'Смирнова Ольга Петровна', actorLogin: 'admin', reason: COMPROMISE_REASON });

describe('unitsOf: what an audit row changed', () => {
  it.each<[string, Omit<Parameters<typeof unitsOf>[0], 'id'>, string[]]>([
    ['a mark cell', { entity: 'mark', entityId: `${L}:${S}:2`, action: 'update', oldValue: { value: 4 }, newValue: { value: 5 } }, [`mark|${L}:${S}:2|:mark`]],
    ['an attendance entry', { entity: 'attendance', entityId: `${L}:${S}`, action: 'create', oldValue: null, newValue: { kind: 'absent' } }, [`attendance|${L}:${S}|:attendance`]],
    ['an absence reason', { entity: 'attendance_reason', entityId: `${L}:${S}`, action: 'update', oldValue: { reason: null }, newValue: { reason: 'illness' } }, [`attendance_reason|${L}:${S}|:reason`]],
    ['an individual homework', { entity: 'individual_homework', entityId: `${L}:${S}`, action: 'create', oldValue: null, newValue: { text: '№ 5' } }, [`individual_homework|${L}:${S}|:individualHomework`]],
    ['a period mark', { entity: 'period_mark', entityId: `g:${S}:period:p`, action: 'create', oldValue: null, newValue: { value: '5' } }, [`period_mark|g:${S}:period:p|:periodMark`]],
    ['«attendance taken» (a side effect)', { entity: 'lesson', entityId: L, action: 'attendance_taken', oldValue: null, newValue: {} }, []],
    ['a typed topic with its flag', { entity: 'lesson', entityId: L, action: 'update', oldValue: { topic: 'A', topicOverridden: false }, newValue: { topic: 'B', topicOverridden: true } }, [`lesson|${L}|topic:lessonField`]],
    ['the КТП page\'s topic (overridden)', { entity: 'lesson', entityId: L, action: 'topic', oldValue: { topic: 'A', overridden: false }, newValue: { topic: 'B', overridden: true } }, [`lesson|${L}|topic:lessonField`]],
    ['homework, minutes and work done', { entity: 'lesson', entityId: L, action: 'update', oldValue: { homework: '', homeworkMinutes: null, workDone: '' }, newValue: { homework: '№ 1', homeworkMinutes: 20, workDone: 'x' } },
      [`lesson|${L}|homework:lessonField`, `lesson|${L}|workDone:lessonField`]],
    ['a lost КТП link only', { entity: 'lesson', entityId: L, action: 'update', oldValue: { ktpTopicId: 'k' }, newValue: { ktpTopicId: null } }, []],
    ['lesson columns (by hand)', { entity: 'lesson', entityId: L, action: 'columns', oldValue: { columns: [] }, newValue: { columns: [] } }, [`lesson|${L}|#id:manual`]],
    ['a card\'s fields', { entity: 'student', entityId: S, action: 'update', oldValue: { phone: '1', lastName: 'А' }, newValue: { phone: '2', lastName: 'Б' } },
      [`student|${S}|phone:cardField`, `student|${S}|lastName:cardField`]],
    ['a card field no form writes', { entity: 'staff', entityId: 's', action: 'update', oldValue: { createdAt: 'x' }, newValue: { createdAt: 'y' } }, ['staff|s|createdAt:manual']],
    ['a new card (by hand)', { entity: 'guardian', entityId: 'g', action: 'create', oldValue: null, newValue: { lastName: 'В' } }, ['guardian|g|#id:manual']],
    ['an order of the contingent book (by hand)', { entity: 'order', entityId: 'o', action: 'post', oldValue: null, newValue: {} }, ['order|o|#id:manual']],
  ])('%s', (_name, row, expected) => {
    expect(unitsOf({ id: 'id', ...row }).map((u) => `${u.key}:${u.kind}`)).toEqual(expected);
  });
});

describe('planUnits: restorable, conflict, restored, unchanged, manual', () => {
  const markId = `${L}:${S}:1`;
  const cases: Array<[string, AuditStep[], AuditStep[], UnitStatus, unknown, unknown, string | null]> = [
    ['one change of mine', [step(1, 'mark', markId, { value: 3 }, { value: 5 })], [], 'restorable', { value: 3 }, { value: 5 }, null],
    ['several of mine: from the first old to the last new',
      [step(1, 'mark', markId, null, { value: 5 }), step(2, 'mark', markId, { value: 5 }, { value: 4 })], [], 'restorable', null, { value: 4 }, null],
    ['mine cancel out (5 → 4 → 5)', [step(1, 'mark', markId, { value: 5 }, { value: 4 }), step(2, 'mark', markId, { value: 4 }, { value: 5 })], [], 'unchanged', { value: 5 }, { value: 5 }, null],
    ['the deputy changed it after me', [step(1, 'mark', markId, { value: 3 }, { value: 5 })], [deputy(step(3, 'mark', markId, { value: 5 }, { value: 2 }))], 'conflict', { value: 3 }, { value: 5 }, 'deputy'],
    ['the deputy changed it between my changes', [step(1, 'mark', markId, { value: 3 }, { value: 5 }), step(5, 'mark', markId, { value: 2 }, { value: 4 })],
      [deputy(step(3, 'mark', markId, { value: 5 }, { value: 2 }))], 'conflict', { value: 3 }, { value: 4 }, 'deputy'],
    ['the deputy changed it before me (in the window)', [step(4, 'mark', markId, { value: 2 }, { value: 5 })],
      [deputy(step(3, 'mark', markId, { value: 3 }, { value: 2 }))], 'restorable', { value: 2 }, { value: 5 }, null],
    ['already restored by a compromise response', [step(1, 'mark', markId, { value: 3 }, { value: 5 })], [admin(step(9, 'mark', markId, { value: 5 }, { value: 3 }))], 'restored', { value: 3 }, { value: 5 }, 'admin'],
    ['restored, then changed by the deputy', [step(1, 'mark', markId, { value: 3 }, { value: 5 })],
      [admin(step(9, 'mark', markId, { value: 5 }, { value: 3 })), deputy(step(12, 'mark', markId, { value: 3 }, { value: 4 }))], 'conflict', { value: 3 }, { value: 5 }, 'deputy'],
    ['an absence whose reason the class teacher set later', [step(1, 'attendance', `${L}:${S}`, null, { kind: 'absent' })],
      [deputy(step(4, 'attendance_reason', `${L}:${S}`, { reason: null }, { reason: 'illness' }))], 'conflict', null, { kind: 'absent' }, 'deputy'],
    ['a topic; someone else changed the homework only', [step(1, 'lesson', L, { topic: 'A' }, { topic: 'B' })],
      [deputy(step(4, 'lesson', L, { homework: '' }, { homework: 'x' }))], 'restorable', { topic: 'A' }, { topic: 'B' }, null],
    ['a topic; someone else changed the topic', [step(1, 'lesson', L, { topic: 'A' }, { topic: 'B' })],
      [deputy(step(4, 'lesson', L, { topic: 'B', overridden: true }, { topic: 'C', overridden: true }, { action: 'topic' }))], 'conflict', { topic: 'A' }, { topic: 'B' }, 'deputy'],
    ['a card field', [step(1, 'student', S, { phone: '1' }, { phone: '2' })], [], 'restorable', '1', '2', null],
    ['an order (by hand)', [step(1, 'order', 'o', null, { number: '1' }, { action: 'post' })], [], 'manual', null, { number: '1' }, null],
  ];
  it.each(cases)('%s', (_name, mine, others, status, old, now, laterBy) => {
    const [u, ...rest] = planUnits(ME, mine, [...mine, ...others]);
    expect(rest).toEqual([]);
    expect(u!.status).toBe(status);
    expect(u!.old).toEqual(old);
    expect(u!.new).toEqual(now);
    expect(u!.later?.login ?? null).toBe(laterBy);
  });

  it('merges a lesson field group over rows: the first old and the last new of each field', () => {
    const [u] = planUnits(ME, [
      step(1, 'lesson', L, { homework: 'a' }, { homework: 'b' }),
      step(2, 'lesson', L, { homework: 'b', homeworkMinutes: null }, { homework: 'c', homeworkMinutes: 15 }),
    ], []);
    expect(u!.old).toEqual({ homework: 'a', homeworkMinutes: null });
    expect(u!.new).toEqual({ homework: 'c', homeworkMinutes: 15 });
  });

  it('lists the newest change first', () => {
    const units = planUnits(ME, [step(1, 'mark', `${L}:a:1`, null, { value: 5 }), step(7, 'mark', `${L}:b:1`, null, { value: 4 })], []);
    expect(units.map((u) => u.entityId)).toEqual([`${L}:b:1`, `${L}:a:1`]);
  });
});

describe('unitsToRestore and restoreGroups', () => {
  // A mark typed over «н» (one request: the mark and the attendance), another cell, and a conflict.
  const mine = [
    step(1, 'mark', `${L}:${S}:1`, null, { value: 5 }), step(1, 'attendance', `${L}:${S}`, { kind: 'absent' }, null),
    step(2, 'mark', `${L}:x:2`, { value: 3 }, { value: 2 }),
    step(3, 'mark', `${L}:y:1`, { value: 3 }, { value: 2 }),
    step(4, 'period_mark', `g:${S}:period:p`, null, { value: '5' }),
  ];
  const units = planUnits(ME, mine, [...mine, deputy(step(6, 'mark', `${L}:y:1`, { value: 2 }, { value: 4 }))]);
  const keys = (xs: Array<{ key: string }>) => xs.map((u) => u.key).sort();

  it.each<[string, ReadonlySet<string> | 'all', string[]]>([
    ['all: every restorable one', 'all', [`attendance|${L}:${S}|`, `mark|${L}:${S}:1|`, `mark|${L}:x:2|`, `period_mark|g:${S}:period:p|`]],
    ['a mark typed over «н» brings its attendance along', new Set([`mark|${L}:${S}:1|`]), [`attendance|${L}:${S}|`, `mark|${L}:${S}:1|`]],
    ['and the other way round', new Set([`attendance|${L}:${S}|`]), [`attendance|${L}:${S}|`, `mark|${L}:${S}:1|`]],
    ['another cell alone', new Set([`mark|${L}:x:2|`]), [`mark|${L}:x:2|`]],
    ['a conflict is never restored', new Set([`mark|${L}:y:1|`]), []],
    ['unknown keys are ignored', new Set(['mark|nope|']), []],
  ])('%s', (_name, selected, expected) => {
    expect(keys(unitsToRestore(units, selected))).toEqual(expected);
  });

  it('groups a cell\'s units together, marks before attendance; other units alone', () => {
    const groups = restoreGroups(unitsToRestore(units, 'all'));
    expect(groups.map((g) => g.map((u) => u.kind))).toEqual(expect.arrayContaining([['mark', 'attendance'], ['mark'], ['periodMark']]));
    expect(groups).toHaveLength(3);
  });
});

describe('parseSince: the moment the list starts at, in the school\'s zone', () => {
  const now = new Date('2026-11-23T07:00:30Z'); // 10:00:30 in Moscow
  it.each<[string, unknown, string, string | null]>([
    ['absent: 7 days back, to the minute', undefined, 'Europe/Moscow', '2026-11-16T07:00:00.000Z'],
    ['empty: the same', '  ', 'Europe/Moscow', '2026-11-16T07:00:00.000Z'],
    ['a datetime-local value', '2026-11-20T09:15', 'Europe/Moscow', '2026-11-20T06:15:00.000Z'],
    ['with seconds', '2026-11-20T09:15:30', 'Europe/Moscow', '2026-11-20T06:15:30.000Z'],
    ['typed the Russian way', '20.11.2026 09:15', 'Europe/Moscow', '2026-11-20T06:15:00.000Z'],
    ['in another school\'s zone', '2026-11-20T09:15', 'Asia/Vladivostok', '2026-11-19T23:15:00.000Z'],
    ['not a date', 'вчера', 'Europe/Moscow', null],
    ['no such day', '2026-02-30T10:00', 'Europe/Moscow', null],
    ['no such hour', '2026-11-20T24:00', 'Europe/Moscow', null],
    ['a date without a time', '2026-11-20', 'Europe/Moscow', null],
    ['repeated in the query', ['2026-11-20T09:15', '2026-11-21T09:15'], 'Europe/Moscow', null],
    ['far too long', `2026-11-20T09:15${' '.repeat(40)}x`, 'Europe/Moscow', null],
  ])('%s', (_name, raw, zone, expected) => {
    const r = parseSince(raw, now, zone);
    if (expected === null) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toBe('Укажите дату и время, например 16.11.2026 10:00.');
    } else {
      expect(r.ok && r.since.toISOString()).toBe(expected);
    }
  });

  it('gives the field back as a datetime-local value in the zone', () => {
    expect(parseSince(undefined, now, 'Europe/Moscow').text).toBe('2026-11-16T10:00');
    expect(parseSince('20.11.2026 09:15', now, 'Europe/Moscow').text).toBe('2026-11-20T09:15');
    expect(parseSince('2026-11-20T09:15:30', now, 'Europe/Moscow').text).toBe('2026-11-20T09:15:30');
  });
});

describe('sameValue', () => {
  it.each<[unknown, unknown, boolean]>([
    [null, undefined, true], [{ value: 5 }, { value: 5 }, true], [{ a: 1, b: null }, { a: 1 }, true], [{ b: 2, a: 1 }, { a: 1, b: 2 }, true],
    [{ value: 5 }, { value: 4 }, false], [{ kind: 'absent' }, null, false], ['1', 1, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameValue(a, b)).toBe(same);
  });
});
