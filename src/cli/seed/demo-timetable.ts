// Demo timetable of school 1 (run after the curriculum seed): a conflict-free weekly timetable from the first day of the year built from
// the groups and their teachers in the database — every class has its hours spread evenly over Mon–Fri, lessons numbered
// from 1 (timetable-solver.ts) — and a second version from mid-November that moves one lesson.
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { curriculumItems, groupTeachers, teachingGroups } from '../../modules/curriculum/schema.ts';
import { timetables, timetableSlots } from '../../modules/schedule/schema.ts';
import { bellsByShift, loadFacts } from '../../modules/schedule/timetable-facts.ts';
import { findConflicts, type SlotDesc } from '../../modules/schedule/timetable-rules.ts';
import { schoolClasses, subjects } from '../../modules/setup/schema.ts';
import type { BuiltSchool } from './builder.ts';
import { solveWeek } from './timetable-solver.ts';
import { demoCalendar, type DemoCalendar } from './calendar.ts';


type Unit = { classId: string; groups: Array<{ id: string; staffId: string }>; subject: string; left: number };
type Slot = Omit<SlotDesc, 'id'>;

const overlaps = (a: { s: string; e: string }, b: { s: string; e: string }) => a.s < b.e && b.s < a.e;

/** Loads the class units: a whole-class group, or all subgroups of one split (same class and subject) placed in parallel. */
async function loadUnits(db: Db, schoolId: string, yearId: string, first: string) {
  const rows = await db.select({
    id: teachingGroups.id, kind: teachingGroups.kind, classId: teachingGroups.classId, subjectId: teachingGroups.subjectId,
    subject: subjects.name, hours: teachingGroups.hoursPerWeek, itemHours: curriculumItems.hoursPerWeek, name: teachingGroups.name,
    staffId: groupTeachers.staffId, lessonKind: teachingGroups.lessonKind,
  })
    .from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(curriculumItems, and(eq(curriculumItems.schoolId, teachingGroups.schoolId), eq(curriculumItems.id, teachingGroups.curriculumItemId)))
    .leftJoin(groupTeachers, and(eq(groupTeachers.schoolId, teachingGroups.schoolId), eq(groupTeachers.groupId, teachingGroups.id),
      lte(groupTeachers.startsOn, first), or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, first))))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId)));
  rows.sort((a, b) => a.name.localeCompare(b.name, 'ru')); // a stable order: the same seed gives the same week
  const skipped: string[] = [];
  const units = new Map<string, Unit>();
  const extras: Array<{ id: string; staffId: string; name: string; left: number }> = [];
  for (const r of rows) {
    const hours = Number(r.hours ?? r.itemHours ?? 0);
    if (!r.staffId) { skipped.push(`${r.name}: нет учителя`); continue; }
    if (hours <= 0) continue;
    if (!r.classId || (r.kind !== 'class' && r.kind !== 'subgroup')) { extras.push({ id: r.id, staffId: r.staffId, name: r.name, left: Math.ceil(hours) }); continue; }
    const key = r.kind === 'class' ? r.id : `${r.classId}|${r.subjectId}|${r.lessonKind}`;
    const u = units.get(key) ?? { classId: r.classId, groups: [], subject: r.subject, left: Math.ceil(hours) };
    u.groups.push({ id: r.id, staffId: r.staffId });
    units.set(key, u);
  }
  return { units: [...units.values()], extras, skipped };
}

type Cls = { id: string; grade: number | null; shift: number; name: string };
type Bells = Map<number, Map<number, { startsAt: string; endsAt: string }>>;

/** Lessons a day, Mon..Fri: the week's hours spread evenly (29 → 6, 6, 6, 6, 5), the longer days first. */
function spreadWeek(hours: number, days = 5): number[] {
  return Array.from({ length: days }, (_, d) => Math.floor(hours / days) + (d < hours % days ? 1 : 0));
}

/** Rooms: a gym per PE teacher, the home room of a primary class for its own teacher's lessons, else the teacher's room. */
function roomsOf(classes: Cls[], units: Unit[], homeRoom: Map<string, string>) {
  const teacherRoom = new Map<string, string>();
  const gym = new Map<string, string>();
  const gyms = ['спортзал', 'малый спортзал'];
  return units.map((u) => u.groups.map((g) => {
    if (/Физическ/.test(u.subject)) {
      if (!gym.has(g.staffId)) gym.set(g.staffId, gyms[gym.size] ?? `спортзал ${gym.size + 1}`);
      return gym.get(g.staffId)!;
    }
    const grade = classes.find((c) => c.id === u.classId)?.grade ?? 5;
    if (grade <= 4 && u.groups.length === 1 && !/Английск|Музык/.test(u.subject)) return homeRoom.get(u.classId)!;
    if (!teacherRoom.has(g.staffId)) teacherRoom.set(g.staffId, `каб. ${201 + teacherRoom.size}`);
    return teacherRoom.get(g.staffId)!;
  }));
}

/** One solver run (seeded): the week's slots, the lessons a day of each class, what each teacher and room is busy with. */
function place(classes: Cls[], template: Unit[], bells: Bells, homeRoom: Map<string, string>, attempt: number) {
  const units = template.map((u) => ({ ...u, groups: [...u.groups] }));
  const rooms = roomsOf(classes, units, homeRoom);
  const solved = solveWeek(
    classes.map((c) => ({ id: c.id, shift: c.shift, saturday: (c.grade ?? 0) >= 10,
      lessons: spreadWeek(units.filter((u) => u.classId === c.id).reduce((s, u) => s + u.left, 0)) })),
    units.map((u, i) => ({ classId: u.classId, hours: u.left, maxPerDay: Math.ceil(u.left / 5),
      resources: u.groups.flatMap((g, k) => [`t|${g.staffId}`, `r|${rooms[i]![k]}`]) })),
    bells, { seed: attempt * 7919 + 1, maxMs: 250, maxIterations: 3000 },
  );
  const slots: Slot[] = [];
  const busy = new Map<string, Array<{ s: string; e: string }>>(); // teacher|day or room|day → bell intervals
  const count = new Map<string, number>(); // class|day → the last lesson number
  const shiftOf = new Map(classes.map((c) => [c.id, c.shift]));
  for (const p of solved.placed) {
    const u = units[p.unit]!;
    const bell = bells.get(shiftOf.get(u.classId)!)!.get(p.lessonNumber)!;
    u.groups.forEach((g, k) => {
      const room = rooms[p.unit]![k]!;
      for (const key of [`t|${g.staffId}|${p.weekday}`, `r|${room}|${p.weekday}`]) busy.set(key, [...(busy.get(key) ?? []), { s: bell.startsAt, e: bell.endsAt }]);
      slots.push({ weekday: p.weekday, lessonNumber: p.lessonNumber, groupId: g.id, staffId: g.staffId, room, parity: null });
    });
    const key = `${u.classId}|${p.weekday}`;
    count.set(key, Math.max(count.get(key) ?? 0, p.lessonNumber));
  }
  units.forEach((u, i) => { u.left = solved.left[i]!; });
  return { slots, units, busy, count, left: solved.unplaced, iterations: solved.iterations, dropped: solved.dropped };
}

export async function seedDemoTimetable(db: Db, built: BuiltSchool, cal: DemoCalendar = demoCalendar()): Promise<{ slots: number; skipped: string[]; ms: number }> {
  const first = cal.year.startsOn;
  const secondFrom = cal.on('2026-11-16');
  const t0 = Date.now();
  const { schoolId, yearId } = built;
  const classes = await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId)));
  classes.sort((a, b) => (a.grade ?? 99) - (b.grade ?? 99) || a.name.localeCompare(b.name, 'ru'));
  const bells = await bellsByShift(db, schoolId);
  const { units, extras, skipped } = await loadUnits(db, schoolId, yearId, first);
  const homeRoom = new Map(classes.map((c, i) => [c.id, `каб. ${101 + i}`]));
  const tPlace = Date.now();
  let best = place(classes, units, bells, homeRoom, 0);
  // Another seed while hours stay unplaced or some were dropped from their day and appended (an uneven day).
  for (let attempt = 1; attempt < 40 && best.left + best.dropped > 0 && Date.now() - tPlace < 700; attempt++) {
    const next = place(classes, units, bells, homeRoom, attempt);
    if (next.left < best.left || (next.left === best.left && next.dropped < best.dropped)) best = next;
  }
  const slots = best.slots;
  await placeElectives(db, { schoolId, yearId, first }, extras, best, bells, skipped);
  for (const u of best.units) if (u.left > 0) skipped.push(`${classes.find((c) => c.id === u.classId)?.name} ${u.subject}: не размещено часов — ${u.left}`);

  const tWrite = Date.now();
  await withSchool(db, schoolId, async (tx) => {
    const [v1] = await tx.insert(timetables).values({ schoolId, yearId, validFrom: first, note: 'Основное расписание' }).returning({ id: timetables.id });
    if (slots.length) await tx.insert(timetableSlots).values(slots.map((s) => ({ schoolId, timetableId: v1!.id, weekday: s.weekday, lessonNumber: s.lessonNumber, groupId: s.groupId, staffId: s.staffId, room: s.room, weekParity: s.parity })));
    const second = await secondVersion(tx, { schoolId, yearId, classId: built.classes.get('5А'), second: secondFrom }, slots);
    const [v2] = await tx.insert(timetables).values({ schoolId, yearId, validFrom: secondFrom, note: second.note }).returning({ id: timetables.id });
    if (second.slots.length) await tx.insert(timetableSlots).values(second.slots.map((s) => ({ schoolId, timetableId: v2!.id, weekday: s.weekday, lessonNumber: s.lessonNumber, groupId: s.groupId, staffId: s.staffId, room: s.room, weekParity: s.parity })));
  });
  if (process.env.TT_TIMING) console.warn(`demo timetable timing: load ${tPlace - t0} ms, place ${tWrite - tPlace} ms (${best.iterations} repair steps, ${best.dropped} dropped and re-placed, unplaced ${best.left}), write ${Date.now() - tWrite} ms`);
  if (skipped.length) console.warn(`demo timetable: left out ${skipped.length}: ${skipped.slice(0, 10).join('; ')}`);
  return { slots: slots.length, skipped, ms: Date.now() - t0 };
}

/** The second version: one lesson of 5А swapped with another of the same day where that causes no conflict. */
async function secondVersion(db: Tx, { schoolId, yearId, classId, second }: { schoolId: string; yearId: string; classId: string | undefined; second: string }, slots: Slot[]) {
  const copy = slots.map((s, i) => ({ ...s, id: String(i) }));
  if (!classId) return { slots: copy, note: 'Копия основного расписания' };
  const facts = await loadFacts(db, { schoolId, yearId, date: second });
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
async function placeElectives(db: Db, { schoolId, yearId, first }: { schoolId: string; yearId: string; first: string },
  extras: Array<{ id: string; staffId: string; name: string; left: number }>, best: ReturnType<typeof place>, bells: Bells, skipped: string[]) {
  if (!extras.length) return;
  const facts = await loadFacts(db, { schoolId, yearId, date: first });
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
