// The rollover's pure rules: the next year's name and dates, periods and holidays moved to the new calendar, and the
// plan of classes (5А → 6А, the 9th and 11th leave, new 1st and 10th classes, a class for repeaters when none continues)
// with where each student awaiting placement goes. No I/O: rollover-model.ts feeds these with the closed year's facts.
import { addDays } from '../../web/dates.ts';

/** «2026/2027» → «2027/2028»; any other name gets « (следующий)». */
export function nextYearName(name: string): string {
  const m = /^(\d{4})\/(\d{4})$/.exec(name.trim());
  return m ? `${Number(m[1]) + 1}/${Number(m[2]) + 1}` : `${name} (следующий)`;
}

/** The same month and day a year later (29 February → 28 February). */
export function sameDayNextYear(iso: string): string {
  const y = Number(iso.slice(0, 4)) + 1;
  const md = iso.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * A date of the closed year moved by whole weeks to the nearest same weekday a year later (a quarter that began on a
 * Monday begins on a Monday): 364 or 371 days on.
 */
export function shiftByWeeks(iso: string): string {
  const weeks = Math.round((dayNumber(sameDayNextYear(iso)) - dayNumber(iso)) / 7);
  return addDays(iso, weeks * 7);
}

type Range = { startsOn: string; endsOn: string };

/**
 * A period of the closed year in the next one: moved by whole weeks, except that a period starting on the year's first
 * day starts on the next year's first day (1 September whatever its weekday), and nothing falls outside the next year.
 */
export function nextPeriod(p: Range, closed: Range, next: Range): Range {
  const clamp = (d: string) => (d < next.startsOn ? next.startsOn : d > next.endsOn ? next.endsOn : d);
  const startsOn = p.startsOn === closed.startsOn ? next.startsOn : clamp(shiftByWeeks(p.startsOn));
  const endsOn = p.endsOn === closed.endsOn ? next.endsOn : clamp(shiftByWeeks(p.endsOn));
  return { startsOn, endsOn };
}

export type HolidayKind = 'vacation' | 'holiday' | 'dayoff';
/**
 * A holiday of the closed year in the next one: public holidays keep their calendar dates (4 November, 1 May …);
 * vacations move by whole weeks; single days off are decreed year by year and are not carried over (null).
 */
export function nextHoliday(h: { kind: string; startsOn: string; endsOn: string }): { startsOn: string; endsOn: string } | null {
  if (h.kind === 'holiday') return { startsOn: sameDayNextYear(h.startsOn), endsOn: sameDayNextYear(h.endsOn) };
  if (h.kind === 'vacation') return { startsOn: shiftByWeeks(h.startsOn), endsOn: shiftByWeeks(h.endsOn) };
  return null;
}

// ── Classes ──

export type SourceClass = {
  id: string; name: string; grade: number | null; letter: string | null; shift: number; schemeName: string; classTeacherId: string | null;
};

/** Grades whose students finish a level and leave the class: 9 (basic) and 11 (secondary). */
export const LEAVING_GRADES = [9, 11] as const;
/** Grades formed anew each year, empty: the 1st and the 10th. */
export const FORMED_GRADES = [1, 10] as const;

export type PlannedClass = {
  /** Stable key of the plan (the form's field names): the source class's id, or «new-<name>». */
  key: string;
  name: string; grade: number; letter: string; shift: number; schemeName: string; classTeacherId: string | null;
  /** The closed year's class this one continues (null for a new 1st/10th or a class for repeaters). */
  previousClassId: string | null;
  origin: 'promoted' | 'formed' | 'repeaters';
  /** Where its curriculum and groups are copied from: last year's class of the same name, else the one it continues. */
  templateClassId: string | null;
};

export type ClassPlan = {
  classes: PlannedClass[];
  /** Source classes that do not continue: the 9th and 11th (graduates), and college groups (not rolled over). */
  ending: Array<{ id: string; name: string; why: 'graduates' | 'not_school_class' }>;
};

const classKey = (grade: number, letter: string) => `${grade}${letter}`;

/**
 * The next year's classes: every school class below the leaving grades continues one grade up with its letter, shift,
 * scheme and class teacher; the 1st and 10th are formed empty with this year's letters. Curriculum templates are
 * chosen here too.
 */
export function planClasses(source: readonly SourceClass[]): ClassPlan {
  const byName = new Map(source.filter((c) => c.grade !== null && c.letter !== null).map((c) => [classKey(c.grade!, c.letter!), c]));
  const classes: PlannedClass[] = [];
  const ending: ClassPlan['ending'] = [];
  for (const c of source) {
    if (c.grade === null || c.letter === null) { ending.push({ id: c.id, name: c.name, why: 'not_school_class' }); continue; }
    if ((LEAVING_GRADES as readonly number[]).includes(c.grade)) { ending.push({ id: c.id, name: c.name, why: 'graduates' }); continue; }
    const grade = c.grade + 1;
    const name = classKey(grade, c.letter);
    classes.push({
      key: c.id, name, grade, letter: c.letter, shift: c.shift, schemeName: c.schemeName, classTeacherId: c.classTeacherId,
      previousClassId: c.id, origin: 'promoted', templateClassId: byName.get(name)?.id ?? c.id,
    });
  }
  for (const c of source) {
    if (c.grade === null || c.letter === null || !(FORMED_GRADES as readonly number[]).includes(c.grade)) continue;
    const name = classKey(c.grade, c.letter);
    classes.push({
      key: `new-${name}`, name, grade: c.grade, letter: c.letter, shift: c.shift, schemeName: c.schemeName, classTeacherId: null,
      previousClassId: null, origin: 'formed', templateClassId: c.id,
    });
  }
  return { classes: sortClasses(classes), ending };
}

export type Pending = { itemId: string; studentId: string; kind: string; fromClassId: string; effectiveOn: string };
export type Placement = { itemId: string; studentId: string; kind: string; fromClassId: string; toKey: string };

/**
 * Where each student awaiting placement goes: the promoted (also conditionally) into the class that continues theirs;
 * repeaters into the next year's class of their own grade and letter — added to the plan (as «for repeaters»)
 * when no class continues into it. A promotion out of a leaving grade has no class: listed as a problem.
 */
export function placeStudents(plan: ClassPlan, source: readonly SourceClass[], pending: readonly Pending[], closedYearEnd: string) {
  const classes = [...plan.classes];
  const placements: Placement[] = [];
  const problems: Array<{ itemId: string; studentId: string; message: string }> = [];
  const sourceById = new Map(source.map((c) => [c.id, c]));
  for (const p of pending) {
    const from = sourceById.get(p.fromClassId);
    if (p.effectiveOn <= closedYearEnd) {
      problems.push({ itemId: p.itemId, studentId: p.studentId, message: 'приказ вступает в силу до конца закрытого года: откройте год, отмените приказ и издайте его с датой после окончания года' });
      continue;
    }
    if (!from || from.grade === null || from.letter === null) {
      problems.push({ itemId: p.itemId, studentId: p.studentId, message: 'класс не относится к школьным: разместите обучающегося вручную' });
      continue;
    }
    if (p.kind === 'repeat_year') {
      const name = classKey(from.grade, from.letter);
      let target = classes.find((c) => c.name === name);
      if (!target) {
        target = {
          key: `new-${name}`, name, grade: from.grade, letter: from.letter, shift: from.shift, schemeName: from.schemeName,
          classTeacherId: null, previousClassId: null, origin: 'repeaters', templateClassId: from.id,
        };
        classes.push(target);
      }
      placements.push({ ...p, toKey: target.key });
      continue;
    }
    const target = classes.find((c) => c.previousClassId === from.id);
    if (!target) problems.push({ itemId: p.itemId, studentId: p.studentId, message: `из ${from.name} не переводят: выпускной класс` });
    else placements.push({ ...p, toKey: target.key });
  }
  return { classes: sortClasses(classes), placements, problems };
}

function sortClasses(classes: PlannedClass[]): PlannedClass[] {
  return classes.sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru'));
}

/** A group's name in the new class: the old class's name replaced where it stands (`5А — Алгебра` → `6А — Алгебра`). */
export function renameGroup(name: string, fromClass: string, toClass: string): string {
  if (name.startsWith(fromClass)) return toClass + name.slice(fromClass.length);
  if (name.endsWith(fromClass)) return name.slice(0, name.length - fromClass.length) + toClass;
  return `${toClass} — ${name}`;
}

/** The part of a group's name after its class (the subject and subgroup: «Английский язык, 1 гр.»). */
export function groupSuffix(name: string, className: string): string {
  return name.startsWith(className) ? name.slice(className.length) : name;
}
