// Pure rules of the weekly timetable: when two slots meet in time, and which conflicts a new slot would cause.
import { roomName } from './rooms.ts';

export type Parity = 'A' | 'B' | null;

/** A slot of a timetable version as the rules see it. */
export type SlotDesc = {
  id?: string;
  weekday: number;
  lessonNumber: number;
  groupId: string;
  staffId: string;
  room: string | null;
  parity: Parity;
};

/** What the rules need to know about a group: its class (null for cross-class), subject, shift and students. */
export type GroupFact = {
  kind: string;
  classId: string | null;
  subjectId: string;
  shift: number;
  /** Shown in messages, e.g. «5Б — Математика». */
  label: string;
  studentIds: readonly string[];
};

export type TimetableFacts = {
  groups: ReadonlyMap<string, GroupFact>;
  /** Short names: «Иванова М. А.». */
  staffNames: ReadonlyMap<string, string>;
  studentNames: ReadonlyMap<string, string>;
  /** Bell times per shift and lesson number: 'HH:MM' strings. */
  bells: ReadonlyMap<number, ReadonlyMap<number, { startsAt: string; endsAt: string }>>;
  classNames: ReadonlyMap<string, string>;
};

export type ConflictKind = 'teacher' | 'room' | 'class' | 'student';
export type Conflict = { kind: ConflictKind; with: SlotDesc; message: string };

export const WEEKDAYS = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'] as const;
export const WEEKDAYS_SHORT = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'] as const;

/** Every week meets both A and B weeks; A and B never meet each other. */
export function paritiesMeet(a: Parity, b: Parity): boolean {
  return a === null || b === null || a === b;
}

const hm = (t: string) => t.slice(0, 5);

/**
 * Whether two slots run at the same time: the same weekday and, within one shift, the same lesson number;
 * across shifts (their own bell numbers), overlapping bell times.
 */
export function slotsMeet(a: SlotDesc, b: SlotDesc, facts: TimetableFacts): boolean {
  if (a.weekday !== b.weekday || !paritiesMeet(a.parity, b.parity)) return false;
  const sa = facts.groups.get(a.groupId)?.shift ?? 1;
  const sb = facts.groups.get(b.groupId)?.shift ?? 1;
  if (sa === sb) return a.lessonNumber === b.lessonNumber;
  const ta = facts.bells.get(sa)?.get(a.lessonNumber);
  const tb = facts.bells.get(sb)?.get(b.lessonNumber);
  if (!ta || !tb) return a.lessonNumber === b.lessonNumber;
  return hm(ta.startsAt) < hm(tb.endsAt) && hm(tb.startsAt) < hm(ta.endsAt);
}

/** Two groups of one class that may run in parallel: subgroups of the same split (same class and subject). */
function sameSplit(a: GroupFact, b: GroupFact): boolean {
  return a.kind === 'subgroup' && b.kind === 'subgroup' && a.classId === b.classId && a.subjectId === b.subjectId;
}

/** A room's key for comparing: «Каб. 220», «220» and «каб 220» are one room. */
export const normalizeRoom = (room: string | null | undefined) => roomName(room).toLowerCase();

function where(s: SlotDesc, facts: TimetableFacts): string {
  const label = facts.groups.get(s.groupId)?.label ?? 'другая группа';
  const parity = s.parity ? `, неделя ${s.parity}` : '';
  return `${label} (${WEEKDAYS[s.weekday - 1] ?? s.weekday}, ${s.lessonNumber} урок${parity})`;
}

/** The conflicts `candidate` would cause against the `existing` slots of the same version, one per kind and slot. */
export function findConflicts(candidate: SlotDesc, existing: readonly SlotDesc[], facts: TimetableFacts): Conflict[] {
  const out: Conflict[] = [];
  const g = facts.groups.get(candidate.groupId);
  const room = normalizeRoom(candidate.room);
  for (const other of existing) {
    if (other.id && other.id === candidate.id) continue;
    if (!slotsMeet(candidate, other, facts)) continue;
    const og = facts.groups.get(other.groupId);
    if (other.staffId === candidate.staffId) {
      const name = facts.staffNames.get(other.staffId) ?? '';
      out.push({ kind: 'teacher', with: other, message: `Конфликт: учитель ${name} в это время ведёт ${where(other, facts)}` });
    }
    if (room && normalizeRoom(other.room) === room) {
      const message = `Конфликт: кабинет «${roomName(candidate.room)}» в это время занят: ${where(other, facts)}`;
      out.push({ kind: 'room', with: other, message });
    }
    if (!g || !og) continue;
    const sameClass = g.classId !== null && g.classId === og.classId;
    if (sameClass && other.groupId !== candidate.groupId && !sameSplit(g, og)) {
      const cls = facts.classNames.get(g.classId!) ?? '';
      out.push({ kind: 'class', with: other, message: `Конфликт: у класса ${cls} в это время урок ${where(other, facts)}` });
      continue;
    }
    if (sameClass && other.groupId === candidate.groupId) {
      out.push({ kind: 'class', with: other, message: `Конфликт: у группы в это время уже есть урок ${where(other, facts)}` });
      continue;
    }
    const shared = sharedStudent(g.studentIds, og.studentIds);
    if (shared) {
      const name = facts.studentNames.get(shared) ?? '';
      out.push({ kind: 'student', with: other, message: `Конфликт: обучающийся ${name} в это время на уроке ${where(other, facts)}` });
    }
  }
  return out;
}

function sharedStudent(a: readonly string[], b: readonly string[]): string | undefined {
  if (!a.length || !b.length) return undefined;
  const set = new Set(a);
  return b.find((s) => set.has(s));
}

/** Every conflict inside a whole version (each pair reported once): used to check generated timetables. */
export function conflictsWithin(slots: readonly SlotDesc[], facts: TimetableFacts): Conflict[] {
  const out: Conflict[] = [];
  for (let i = 1; i < slots.length; i++) out.push(...findConflicts(slots[i]!, slots.slice(0, i), facts));
  return out;
}

/** «Иванова Мария Андреевна» → «Иванова М. А.». */
export function shortName(p: { lastName: string; firstName: string; middleName: string | null }): string {
  const initials = [p.firstName, p.middleName].filter((x): x is string => !!x).map((x) => `${x[0]}.`).join(' ');
  return initials ? `${p.lastName} ${initials}` : p.lastName;
}
