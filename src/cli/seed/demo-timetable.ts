// Demo timetable of school 1 (run after the curriculum seed): a greedy, conflict-free weekly timetable from 2026-09-01 built
// from the groups and their teachers in the database, and a second version from 2026-11-16 that moves one lesson.
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { curriculumItems, groupTeachers, teachingGroups } from '../../modules/curriculum/schema.ts';
import { timetables, timetableSlots } from '../../modules/schedule/schema.ts';
import { bellsByShift, loadFacts } from '../../modules/schedule/timetable-facts.ts';
import { findConflicts, type SlotDesc } from '../../modules/schedule/timetable-rules.ts';
import { schoolClasses, subjects } from '../../modules/setup/schema.ts';
import type { BuiltSchool } from './builder.ts';

const FIRST = '2026-09-01';
const SECOND = '2026-11-16';

type Unit = { classId: string; groups: Array<{ id: string; staffId: string }>; subject: string; left: number; perDay: number };
type Slot = Omit<SlotDesc, 'id'>;

const overlaps = (a: { s: string; e: string }, b: { s: string; e: string }) => a.s < b.e && b.s < a.e;

/** Loads the class units: a whole-class group, or all subgroups of one split (same class and subject) placed in parallel. */
async function loadUnits(db: Db, schoolId: string, yearId: string) {
  const rows = await db.select({
    id: teachingGroups.id, kind: teachingGroups.kind, classId: teachingGroups.classId, subjectId: teachingGroups.subjectId,
    subject: subjects.name, hours: teachingGroups.hoursPerWeek, itemHours: curriculumItems.hoursPerWeek, name: teachingGroups.name,
    staffId: groupTeachers.staffId, lessonKind: teachingGroups.lessonKind,
  })
    .from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(curriculumItems, and(eq(curriculumItems.schoolId, teachingGroups.schoolId), eq(curriculumItems.id, teachingGroups.curriculumItemId)))
    .leftJoin(groupTeachers, and(eq(groupTeachers.schoolId, teachingGroups.schoolId), eq(groupTeachers.groupId, teachingGroups.id),
      lte(groupTeachers.startsOn, FIRST), or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, FIRST))))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId)));
  const skipped: string[] = [];
  const units = new Map<string, Unit>();
  const extras: Array<{ id: string; staffId: string; name: string; left: number }> = [];
  for (const r of rows) {
    const hours = Number(r.hours ?? r.itemHours ?? 0);
    if (!r.staffId) { skipped.push(`${r.name}: нет учителя`); continue; }
    if (hours <= 0) continue;
    if (!r.classId || (r.kind !== 'class' && r.kind !== 'subgroup')) { extras.push({ id: r.id, staffId: r.staffId, name: r.name, left: Math.ceil(hours) }); continue; }
    const key = r.kind === 'class' ? r.id : `${r.classId}|${r.subjectId}|${r.lessonKind}`;
    const u = units.get(key) ?? { classId: r.classId, groups: [], subject: r.subject, left: Math.ceil(hours), perDay: 1 };
    u.groups.push({ id: r.id, staffId: r.staffId });
    u.perDay = u.left > 5 ? 2 : 1;
    units.set(key, u);
  }
  return { units: [...units.values()], extras, skipped };
}

type Cls = { id: string; grade: number | null; shift: number; name: string };
type Bells = Map<number, Map<number, { startsAt: string; endsAt: string }>>;

/** One greedy attempt; attempt 0 takes the classes in order, later attempts shuffle them (seeded). */
function place(classes: Cls[], template: Unit[], bells: Bells, homeRoom: Map<string, string>, attempt: number) {
  let seed = attempt * 7919 + 1;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const order = (xs: Cls[], k: number) => (attempt === 0 ? xs : [...xs].sort(() => rnd() - 0.5 + k * 0));
  const units = template.map((u) => ({ ...u, groups: [...u.groups] }));
  const busy = new Map<string, Array<{ s: string; e: string }>>(); // teacher|day or room|day → bell intervals
  const count = new Map<string, number>(); // class|day → lessons so far
  const onDay = new Map<Unit, Map<number, number>>();
  const slots: Slot[] = [];
  const teacherRoom = new Map<string, string>();
  const roomOf = (u: Unit, staffId: string, grade: number | null) => {
    if (/Физическ/.test(u.subject)) return 'спортзал';  // a second gym is tried in tryPlace
    if ((grade ?? 5) <= 4 && u.groups.length === 1 && !/Английск|Музык/.test(u.subject)) return homeRoom.get(u.classId)!;
    if (!teacherRoom.has(staffId)) teacherRoom.set(staffId, `каб. ${201 + teacherRoom.size}`);
    return teacherRoom.get(staffId)!;
  };
  const hoursOf = new Map<string, number>();
  for (const u of units) for (const g of u.groups) hoursOf.set(g.staffId, (hoursOf.get(g.staffId) ?? 0) + u.left);
  const load = (u: Unit) => Math.max(...u.groups.map((g) => hoursOf.get(g.staffId) ?? 0)) + u.groups.length * 10;
  const free = (key: string, t: { s: string; e: string }) => !(busy.get(key) ?? []).some((b) => overlaps(b, t));

  function tryPlace(cls: Cls, day: number, n: number): boolean {
    const bell = bells.get(cls.shift)?.get(n);
    if (!bell) return false;
    const t = { s: bell.startsAt, e: bell.endsAt };
    const candidates = units.filter((u) => u.classId === cls.id && u.left > 0 && (onDay.get(u)?.get(day) ?? 0) < u.perDay)
      .sort((a, b) => b.left - a.left || load(b) - load(a));
    if (attempt > 0) candidates.sort((a, b) => b.left - a.left || rnd() - 0.5);
    for (const u of candidates) {
      const rooms = u.groups.map((g) => roomOf(u, g.staffId, cls.grade));
      if (rooms[0] === 'спортзал' && !free(`r|спортзал|${day}`, t)) rooms[0] = 'малый спортзал';
      if (!u.groups.every((g, i) => free(`t|${g.staffId}|${day}`, t) && free(`r|${rooms[i]}|${day}`, t))) continue;
      u.groups.forEach((g, i) => {
        for (const k of [`t|${g.staffId}|${day}`, `r|${rooms[i]}|${day}`]) busy.set(k, [...(busy.get(k) ?? []), t]);
        slots.push({ weekday: day, lessonNumber: n, groupId: g.id, staffId: g.staffId, room: rooms[i]!, parity: null });
      });
      u.left -= 1;
      const m = onDay.get(u) ?? new Map<number, number>();
      m.set(day, (m.get(day) ?? 0) + 1);
      onDay.set(u, m);
      count.set(`${cls.id}|${day}`, n);
      return true;
    }
    return false;
  }

  /** Fills the days in rounds: lesson n of every class on every day, so lessons stay numbered 1.. without gaps. */
  function fill(days: number[], cap: (c: Cls) => number) {
    for (const day of days) {
      for (let n = 1; n <= 8; n++) {
        for (const cls of order(classes, n + day * 10)) {
          if ((count.get(`${cls.id}|${day}`) ?? 0) !== n - 1 || n > cap(cls)) continue;
          tryPlace(cls, day, n);
        }
      }
    }
  }
  const totalOf = (c: Cls) => units.filter((u) => u.classId === c.id).reduce((s, u) => s + u.left, 0);
  const targets = new Map(classes.map((c) => [c.id, Math.ceil(totalOf(c) / 5)]));
  fill([1, 2, 3, 4, 5], (c) => Math.min(targets.get(c.id)!, bells.get(c.shift)?.size ?? 6));
  for (const u of units) u.perDay += 1;
  fill([1, 2, 3, 4, 5], (c) => bells.get(c.shift)?.size ?? 6);
  fill([6], (c) => ((c.grade ?? 0) >= 10 ? bells.get(c.shift)?.size ?? 6 : 0));
  return { slots, units, busy, count, left: units.reduce((n, u) => n + u.left, 0) };
}

export async function seedDemoTimetable(db: Db, built: BuiltSchool): Promise<{ slots: number; skipped: string[]; ms: number }> {
  const t0 = Date.now();
  const { schoolId, yearId } = built;
  const classes = await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId)));
  classes.sort((a, b) => (a.grade ?? 99) - (b.grade ?? 99) || a.name.localeCompare(b.name, 'ru'));
  const bells = await bellsByShift(db, schoolId);
  const { units, extras, skipped } = await loadUnits(db, schoolId, yearId);
  const homeRoom = new Map(classes.map((c, i) => [c.id, `каб. ${101 + i}`]));
  const tPlace = Date.now();
  let best = place(classes, units, bells, homeRoom, 0);
  for (let attempt = 1; attempt < 40 && best.left > 0 && Date.now() - tPlace < 700; attempt++) {
    const next = place(classes, units, bells, homeRoom, attempt);
    if (next.left < best.left) best = next;
  }
  const slots = best.slots;
  await placeElectives(db, { schoolId, yearId }, extras, best, bells, skipped);
  for (const u of best.units) if (u.left > 0) skipped.push(`${classes.find((c) => c.id === u.classId)?.name} ${u.subject}: не размещено часов — ${u.left}`);

  const tWrite = Date.now();
  await withSchool(db, schoolId, async (tx) => {
    const [v1] = await tx.insert(timetables).values({ schoolId, yearId, validFrom: FIRST, note: 'Основное расписание' }).returning({ id: timetables.id });
    if (slots.length) await tx.insert(timetableSlots).values(slots.map((s) => ({ schoolId, timetableId: v1!.id, weekday: s.weekday, lessonNumber: s.lessonNumber, groupId: s.groupId, staffId: s.staffId, room: s.room, weekParity: s.parity })));
    const second = await secondVersion(tx, { schoolId, yearId, classId: built.classes.get('5А') }, slots);
    const [v2] = await tx.insert(timetables).values({ schoolId, yearId, validFrom: SECOND, note: second.note }).returning({ id: timetables.id });
    if (second.slots.length) await tx.insert(timetableSlots).values(second.slots.map((s) => ({ schoolId, timetableId: v2!.id, weekday: s.weekday, lessonNumber: s.lessonNumber, groupId: s.groupId, staffId: s.staffId, room: s.room, weekParity: s.parity })));
  });
  if (process.env.TT_TIMING) console.warn(`demo timetable timing: load ${tPlace - t0} ms, place ${tWrite - tPlace} ms, write ${Date.now() - tWrite} ms`);
  if (skipped.length) console.warn(`demo timetable: left out ${skipped.length}: ${skipped.slice(0, 10).join('; ')}`);
  return { slots: slots.length, skipped, ms: Date.now() - t0 };
}

/** The second version: one lesson of 5А swapped with another of the same day where that causes no conflict. */
async function secondVersion(db: Tx, { schoolId, yearId, classId }: { schoolId: string; yearId: string; classId: string | undefined }, slots: Slot[]) {
  const copy = slots.map((s, i) => ({ ...s, id: String(i) }));
  if (!classId) return { slots: copy, note: 'Копия основного расписания' };
  const facts = await loadFacts(db, { schoolId, yearId, date: SECOND });
  const mine = copy.filter((s) => facts.groups.get(s.groupId)?.classId === classId && facts.groups.get(s.groupId)?.kind === 'class');
  for (const a of mine) {
    for (const b of mine) {
      if (a.weekday !== b.weekday || a.lessonNumber >= b.lessonNumber || a.groupId === b.groupId) continue;
      const na = { ...a, lessonNumber: b.lessonNumber };
      const nb = { ...b, lessonNumber: a.lessonNumber };
      const others = copy.filter((s) => s.id !== a.id && s.id !== b.id);
      if (findConflicts(na, [...others, nb], facts).length || findConflicts(nb, others, facts).length) continue;
      const result = copy.map((s) => (s.id === a.id ? na : s.id === b.id ? nb : s));
      const subject = facts.groups.get(a.groupId)?.subjectName ?? '';
      return { slots: result, note: `5А: ${subject} перенесена с ${a.lessonNumber} на ${b.lessonNumber} урок` };
    }
  }
  return { slots: copy, note: 'Копия основного расписания' };
}

/** Cross-class and individual groups: after the last lesson of all their students' classes (of one shift), teacher and room free. */
async function placeElectives(db: Db, { schoolId, yearId }: { schoolId: string; yearId: string },
  extras: Array<{ id: string; staffId: string; name: string; left: number }>, best: ReturnType<typeof place>, bells: Bells, skipped: string[]) {
  if (!extras.length) return;
  const facts = await loadFacts(db, { schoolId, yearId, date: FIRST });
  extras.forEach((x, i) => {
    const g = facts.groups.get(x.id);
    const classIds = g?.classIds ?? [];
    const shifts = new Set(classIds.map((c) => facts.groupList.find((gr) => gr.classId === c)?.shift ?? 1));
    const room = `каб. ${301 + i}`;
    for (let day = 1; day <= 5 && x.left > 0 && classIds.length && shifts.size === 1; day++) {
      const shift = [...shifts][0]!;
      const n = Math.max(...classIds.map((c) => best.count.get(`${c}|${day}`) ?? 0)) + 1;
      const bell = bells.get(shift)?.get(n);
      if (!bell) continue;
      const t = { s: bell.startsAt, e: bell.endsAt };
      const keys = [`t|${x.staffId}|${day}`, `r|${room}|${day}`];
      if (keys.some((k) => (best.busy.get(k) ?? []).some((b) => overlaps(b, t)))) continue;
      for (const k of keys) best.busy.set(k, [...(best.busy.get(k) ?? []), t]);
      for (const c of classIds) best.count.set(`${c}|${day}`, n);
      best.slots.push({ weekday: day, lessonNumber: n, groupId: x.id, staffId: x.staffId, room, parity: null });
      x.left -= 1;
    }
    if (x.left > 0) skipped.push(`${x.name}: не размещено часов — ${x.left}`);
  });
}
