// Closing a school year: which checklist lines block it, and whether a close or a reopen may go ahead. Pure: the
// routes feed the counts computed live and the admin's form.

/** The checklist's lines, in the order the page shows them. */
export const CHECKS = ['notOver', 'yearMarks', 'periodMarks', 'lessons', 'decisions'] as const;
export type Check = (typeof CHECKS)[number];

export const CHECK_TITLES: Record<Check, string> = {
  notOver: 'Учебный год ещё не закончился',
  yearMarks: 'Нет годовых отметок',
  periodMarks: 'Нет отметок за периоды',
  lessons: 'Не заполнены уроки последних недель (тема или посещаемость)',
  decisions: 'Нет решения о переводе (приказа)',
};

export type Counts = Record<Check, number>;

/** The lines that still have something to do. */
export const blockersOf = (counts: Counts): Check[] => CHECKS.filter((c) => counts[c] > 0);

/** A written reason is a sentence, not a letter: at least this many characters once trimmed. */
export const MIN_REASON = 10;

export type YearState = { name: string; status: string };
export type Decision = { ok: true; override: boolean } | { ok: false; field: 'reason' | 'year'; message: string };

/**
 * May the admin close the year now? Refused when it is closed already; with blockers only with a written reason
 * (the override is recorded in the audit trail); without blockers a reason is optional.
 */
export function decideClose(year: YearState, counts: Counts, reason: string): Decision {
  if (year.status === 'closed') return { ok: false, field: 'year', message: `Учебный год ${year.name} уже закрыт.` };
  const blockers = blockersOf(counts);
  const text = reason.trim();
  if (blockers.length === 0) {
    if (text.length > 0 && text.length < MIN_REASON) return { ok: false, field: 'reason', message: tooShort() };
    return { ok: true, override: false };
  }
  if (text.length === 0) {
    return {
      ok: false, field: 'reason',
      message: `Закрыть год нельзя: ${blockers.map((b) => CHECK_TITLES[b].toLowerCase()).join('; ')}. `
        + 'Исправьте это или укажите причину, по которой год закрывается несмотря на это.',
    };
  }
  if (text.length < MIN_REASON) return { ok: false, field: 'reason', message: tooShort() };
  return { ok: true, override: true };
}

/** May the admin reopen the year? Only a closed year, and always with a written reason. */
export function decideReopen(year: YearState, reason: string): Decision {
  if (year.status !== 'closed') return { ok: false, field: 'year', message: `Учебный год ${year.name} не закрыт.` };
  const text = reason.trim();
  if (text.length === 0) return { ok: false, field: 'reason', message: 'Укажите причину, по которой год открывается снова.' };
  if (text.length < MIN_REASON) return { ok: false, field: 'reason', message: tooShort() };
  return { ok: true, override: false };
}

function tooShort() {
  return `Причина слишком короткая: опишите её хотя бы ${MIN_REASON} символами.`;
}
