// Pure rules of the control-works report (график контрольных работ): which subjects have the higher per-quarter
// limit, the limit of a period, held or planned, and the days a class has more than one control work. No I/O.
//
// The rule of this report [002 §2: «не более двух работ в четверть по математике и русскому языку, не более одной
// контрольной работы в четверть по остальным предметам»]:
// - a control work is a lesson (not cancelled) flagged «контрольная работа», or one with a mark column of a work type
//   marked «контрольная» (is_control: контрольная работа, диктант, сочинение by default);
// - the limits are the school's (main: maths and Russian, default 2; other subjects, default 1) per quarter and per
//   journal (a teaching group: English subgroups 1 and 2 each have their own); a half-year counts as two quarters;
// - held: on or before today; planned: after today;
// - a class's day is overloaded when control works of two or more different subjects fall on it (parallel subgroups of
//   one subject are one work for any student).

export type ControlLimits = { main: number; other: number };
export const DEFAULT_LIMITS: ControlLimits = { main: 2, other: 1 };

/** Maths (математика, алгебра, геометрия, вероятность и статистика) and Russian (русский язык, родной русский). */
export function isMainSubject(name: string): boolean {
  const n = name.trim().toLowerCase().replace(/ё/g, 'е');
  return /^(математика|алгебра|геометрия|вероятность и статистика)/.test(n) || /русский язык/.test(n);
}

/** How many quarters a period of this scheme kind spans: halves and semesters 2, quarters and the rest 1. */
export function quartersIn(schemeKind: string): number {
  return schemeKind === 'halves' || schemeKind === 'semesters' ? 2 : 1;
}

/** The limit of control works of a subject in one period of a scheme. */
export function controlLimit(subjectName: string, schemeKind: string, limits: ControlLimits = DEFAULT_LIMITS): number {
  return (isMainSubject(subjectName) ? limits.main : limits.other) * quartersIn(schemeKind);
}

export const isHeld = (date: string, today: string) => date <= today;

/** The keys `${classId}|${date}` of days with control works of two or more different subjects in the class. */
export function crowdedDays(works: ReadonlyArray<{ classId: string; date: string; subjectId: string }>): Set<string> {
  const subjects = new Map<string, Set<string>>();
  for (const w of works) {
    const key = `${w.classId}|${w.date}`;
    subjects.set(key, (subjects.get(key) ?? new Set()).add(w.subjectId));
  }
  return new Set([...subjects].filter(([, s]) => s.size > 1).map(([k]) => k));
}

/** Works over the limit (0 when within it). */
export const overLimit = (count: number, limit: number) => Math.max(0, count - limit);
