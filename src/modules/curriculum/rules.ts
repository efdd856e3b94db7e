// Pure rules of the curriculum and teaching groups: hours, copying between classes, who is in a group on a date,
// teacher periods. No database here: every function works on plain rows and is table-tested.
import type { Role } from '../accounts/rules.ts';
import { LESSON_KINDS } from './schema.ts';

export type LessonKind = (typeof LESSON_KINDS)[number];
export const isLessonKind = (k: string): k is LessonKind => (LESSON_KINDS as readonly string[]).includes(k);

export const LESSON_KIND_TITLES: Record<LessonKind, string> = {
  regular: 'обычный урок',
  extracurricular: 'внеурочная деятельность',
  elective: 'элективный курс',
  additional: 'дополнительное образование',
  practice: 'практика',
};

export type GroupKind = 'class' | 'subgroup' | 'cross_class' | 'individual';
export const GROUP_KIND_TITLES: Record<GroupKind, string> = {
  class: 'весь класс',
  subgroup: 'подгруппа',
  cross_class: 'межклассная группа',
  individual: 'индивидуальный план',
};

// ── Hours ──

/** Hours per week: 0.5 to 10 in steps of 0.5. Returns the number, or a Russian message. */
export function checkHours(input: string | number): { ok: true; hours: number } | { ok: false; message: string } {
  const n = typeof input === 'number' ? input : Number(String(input).trim().replace(',', '.'));
  if (String(input).trim() === '' || !Number.isFinite(n)) return { ok: false, message: 'Введите число часов в неделю, например 2 или 0,5.' };
  if (n < 0.5 || n > 10) return { ok: false, message: 'Часов в неделю — от 0,5 до 10.' };
  if (Math.round(n * 2) !== n * 2) return { ok: false, message: 'Часы указываются с шагом 0,5.' };
  return { ok: true, hours: n };
}

/** '2.0' → '2', '0.5' → '0,5' (numeric columns come back as strings). */
export function formatHours(h: string | number | null | undefined): string {
  if (h === null || h === undefined || h === '') return '—';
  return String(Number(h)).replace('.', ',');
}

export function totalHours(items: ReadonlyArray<{ hoursPerWeek: string | number }>): number {
  return items.reduce((s, i) => s + Number(i.hoursPerWeek), 0);
}

// ── Copying a curriculum to another class ──

export type CopyMode = 'merge' | 'replace';
export type PlanItem = { id?: string; subjectId: string; lessonKind: string; hoursPerWeek: number };

/** Copying is allowed only to another class of the same grade (and the same year). */
export function checkCopyTarget(
  source: { id: string; grade: number | null; yearId: string },
  target: { id: string; grade: number | null; yearId: string },
): string | null {
  if (source.id === target.id) return 'Выберите другой класс.';
  if (source.yearId !== target.yearId) return 'Копировать можно только в класс того же учебного года.';
  if (source.grade === null || source.grade !== target.grade) return 'Копировать учебный план можно только в класс той же параллели.';
  return null;
}

/**
 * What copying does to the target. merge: adds the subjects the target lacks, keeps the rest of the target as is.
 * replace: the target becomes equal to the source (missing rows added, hours updated, extra rows removed).
 * A subject with the same lesson kind is never duplicated.
 */
export function planCopy(source: readonly PlanItem[], target: readonly PlanItem[], mode: CopyMode) {
  const key = (i: PlanItem) => `${i.subjectId}|${i.lessonKind}`;
  const targetByKey = new Map(target.map((i) => [key(i), i]));
  const sourceKeys = new Set(source.map(key));
  const insert: PlanItem[] = [];
  const update: Array<{ id: string; hoursPerWeek: number }> = [];
  for (const s of source) {
    const t = targetByKey.get(key(s));
    if (!t) insert.push({ subjectId: s.subjectId, lessonKind: s.lessonKind, hoursPerWeek: s.hoursPerWeek });
    else if (mode === 'replace' && t.hoursPerWeek !== s.hoursPerWeek && t.id) update.push({ id: t.id, hoursPerWeek: s.hoursPerWeek });
  }
  const remove = mode === 'replace' ? target.filter((t) => !sourceKeys.has(key(t)) && t.id).map((t) => t.id!) : [];
  return { insert, update, remove };
}

// ── Periods with exclusive ends ──

export type Period = { startsOn: string; endsOn: string | null };

/** Active on a date: started on or before it, not yet ended (ends_on is exclusive, null = open). */
export const activeOn = (p: Period, date: string) => p.startsOn <= date && (p.endsOn === null || p.endsOn > date);

export function overlaps(a: Period, b: Period): boolean {
  const aEndsAfterB = a.endsOn === null || a.endsOn > b.startsOn;
  const bEndsAfterA = b.endsOn === null || b.endsOn > a.startsOn;
  return aEndsAfterB && bEndsAfterA;
}

// ── Who is in a group on a date ──

export type MembershipRow = { studentId: string; classId: string; startsOn: string; endsOn: string | null };
export type MemberRow = { studentId: string; startsOn: string; endsOn: string | null };

/**
 * The students of a group on a date, with the class each is in that day: the class history intersected with the
 * group membership. kind 'class': the class's students on the date (no member rows). Other kinds: members active
 * on the date who are also in some class of the school that day (a transfer out or a withdrawal ends it).
 */
export function rosterOn(args: {
  kind: string; classId: string | null; date: string; memberships: readonly MembershipRow[]; members: readonly MemberRow[];
}): Array<{ studentId: string; classId: string }> {
  const { kind, classId, date, memberships, members } = args;
  const classOn = new Map<string, string>();
  for (const m of memberships) if (activeOn(m, date)) classOn.set(m.studentId, m.classId);
  if (kind === 'class') {
    return [...classOn].filter(([, c]) => c === classId).map(([studentId, c]) => ({ studentId, classId: c }));
  }
  const ids = new Set(members.filter((m) => activeOn(m, date)).map((m) => m.studentId));
  return [...ids].filter((id) => classOn.has(id)).map((studentId) => ({ studentId, classId: classOn.get(studentId)! }));
}

/** Students of the class on the date who are in none of the split's subgroups that day ("не распределён(а)"). */
export function unassignedOn(args: {
  classId: string; date: string; memberships: readonly MembershipRow[]; splitMembers: readonly MemberRow[];
}): string[] {
  const inClass = rosterOn({ kind: 'class', classId: args.classId, date: args.date, memberships: args.memberships, members: [] });
  const placed = new Set(args.splitMembers.filter((m) => activeOn(m, args.date)).map((m) => m.studentId));
  return inClass.map((r) => r.studentId).filter((id) => !placed.has(id));
}

/** A student may be in only one subgroup of a split at a time: the new membership must not overlap another. */
export function checkSubgroupMembership(
  existing: ReadonlyArray<MemberRow & { groupId: string; groupName: string }>, next: MemberRow,
): string | null {
  const clash = existing.find((m) => m.studentId === next.studentId && overlaps(m, next));
  return clash ? `Обучающийся уже в группе «${clash.groupName}» с ${clash.startsOn.split('-').reverse().join('.')}.` : null;
}

// ── Teacher periods ──

export type TeacherRow = { id: string; staffId: string; startsOn: string; endsOn: string | null };
export type TeacherPlan =
  | { ok: true; close: Array<{ id: string; endsOn: string }>; update: Array<{ id: string; staffId: string }>; open: Array<{ staffId: string; startsOn: string; endsOn: string | null }> }
  | { ok: false; message: string };

const ru = (iso: string) => iso.split('-').reverse().join('.');

/**
 * Assigns a teacher to a group from a date (optionally until an exclusive end). The period running on that date is
 * closed at it (a change mid-year); a period starting that very day is handed over instead. The new period ends where
 * the next one starts unless an end is given; any overlap left is refused with a message.
 */
export function planTeacherAssignment(rows: readonly TeacherRow[], next: { staffId: string; startsOn: string; endsOn?: string | null }): TeacherPlan {
  const { staffId, startsOn } = next;
  if (next.endsOn && next.endsOn <= startsOn) return { ok: false, message: 'Дата окончания должна быть позже даты начала.' };
  const running = rows.find((r) => activeOn(r, startsOn));
  if (running && running.staffId === staffId) return { ok: false, message: `Этот учитель уже ведёт группу с ${ru(running.startsOn)}.` };
  const later = rows.filter((r) => r.startsOn > startsOn).sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1))[0];
  if (running && running.startsOn === startsOn) {
    if (next.endsOn) return { ok: false, message: `С ${ru(startsOn)} группу уже ведёт другой учитель: оставьте дату окончания пустой, чтобы заменить его.` };
    return { ok: true, close: [], update: [{ id: running.id, staffId }], open: [] };
  }
  const close = running ? [{ id: running.id, endsOn: startsOn }] : [];
  const open = [{ staffId, startsOn, endsOn: next.endsOn ?? running?.endsOn ?? later?.startsOn ?? null }];
  // A teacher for a fixed period inside a running one: the regular teacher resumes after it.
  if (running && next.endsOn && (running.endsOn === null || running.endsOn > next.endsOn)) {
    open.push({ staffId: running.staffId, startsOn: next.endsOn, endsOn: running.endsOn });
  }
  const after: TeacherRow[] = rows.map((r) => {
    const c = close.find((x) => x.id === r.id);
    return c ? { ...r, endsOn: c.endsOn } : r;
  });
  for (const o of open) {
    const clash = after.find((r) => overlaps(r, o));
    if (clash) {
      return { ok: false, message: `Период пересекается с назначением с ${ru(clash.startsOn)}${clash.endsOn ? ` по ${ru(addDaysIso(clash.endsOn, -1))}` : ''}.` };
    }
  }
  return { ok: true, close, update: [], open };
}

function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whether periods of one group never overlap (every stored state must satisfy this). */
export function periodsDisjoint(rows: readonly Period[]): boolean {
  return rows.every((a, i) => rows.every((b, j) => i === j || !overlaps(a, b)));
}

export function teacherOn(rows: ReadonlyArray<{ staffId: string } & Period>, date: string): string | undefined {
  return rows.find((r) => activeOn(r, date))?.staffId;
}

// ── Names and access ──

export function groupName(args: { className: string; subjectName: string; lessonKind: string; part?: number }): string {
  const kind = args.lessonKind !== 'regular' && isLessonKind(args.lessonKind) ? ` (${LESSON_KIND_TITLES[args.lessonKind]})` : '';
  return `${args.className} — ${args.subjectName}${kind}${args.part ? `, гр. ${args.part}` : ''}`;
}

export const writesCurriculum = (roles: readonly Role[]) => roles.includes('admin') || roles.includes('deputy');

/** Whether a class teacher (or a writer) may read this class's curriculum. */
export function readsClass(actor: { roles: readonly Role[]; staffId: string | null }, cls: { classTeacherId: string | null }): boolean {
  if (writesCurriculum(actor.roles)) return true;
  return actor.roles.includes('classTeacher') && actor.staffId !== null && cls.classTeacherId === actor.staffId;
}

/**
 * Whether this actor may read a group: writers always; a teacher who has ever been assigned to it (the regular
 * teacher keeps reading after a change); the class teacher of the group's class.
 */
export function readsGroup(
  actor: { roles: readonly Role[]; staffId: string | null },
  group: { classTeacherId: string | null; teacherIds: readonly string[] },
): boolean {
  if (writesCurriculum(actor.roles)) return true;
  if (actor.staffId === null) return false;
  if (actor.roles.includes('teacher') && group.teacherIds.includes(actor.staffId)) return true;
  return actor.roles.includes('classTeacher') && group.classTeacherId === actor.staffId;
}
