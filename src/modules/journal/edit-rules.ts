// Pure rules of who may change what in the journal, and until when: the edit window, the period lock, reopenings,
// the deputy's corrections with a reason, the class teacher's and the managers' reading. No I/O.
import type { Role } from '../accounts/rules.ts';
import type { LessonRight } from '../schedule/lessons-rules.ts';
import { addDays, ruDate } from '../../web/dates.ts';

/**
 * What an actor may do with a lesson's journal right now:
 * - 'edit': change it (the teacher in time, or a reopened lesson/period);
 * - 'correct': change it only with a written reason (the deputy, whenever the teacher may not);
 * - 'read': see it; `why` says why it cannot be changed;
 * - 'none': not theirs (answered 404).
 */
export type EditMode =
  | { mode: 'edit' }
  | { mode: 'correct'; why: string }
  | { mode: 'read'; why: string }
  | { mode: 'none' };

export type EditFacts = {
  /** From canFillLesson: the teacher (or substitute) 'edit', the others 'read' or 'none'. */
  lessonRight: LessonRight;
  roles: readonly Role[];
  lessonDate: string;
  today: string;
  /** The school's edit window: the lesson date plus this many days. */
  editDays: number;
  /** The group's period of this lesson has its period marks set. */
  periodClosed: boolean;
  /** The latest date (inclusive) until which a deputy reopened this lesson or its period; null when never. */
  reopenedUntil: string | null;
  /** The lesson is cancelled (a substitution of kind 'cancelled'). */
  cancelled: boolean;
  /** The lesson's school year is closed: nobody changes it (the database refuses too). */
  yearClosed?: boolean;
  /**
   * 'marks': marks and attendance — never before the lesson day. 'plan': topic, homework, columns — a teacher may
   * prepare a future lesson.
   */
  what: 'marks' | 'plan';
};

export const YEAR_CLOSED = 'Учебный год закрыт: журнал только для чтения. Открыть год снова может администратор.';

export const lastEditDay = (lessonDate: string, editDays: number): string => addDays(lessonDate, editDays);

export function decideEdit(f: EditFacts): EditMode {
  const deputy = f.roles.includes('deputy');
  if (f.lessonRight === 'none' && !deputy) return { mode: 'none' };
  if (f.yearClosed) return { mode: 'read', why: YEAR_CLOSED };
  if (f.cancelled) return { mode: 'read', why: 'Урок отменён: журнал не заполняется.' };
  if (f.what === 'marks' && f.lessonDate > f.today) {
    return { mode: 'read', why: 'Урок ещё не прошёл: отметки и посещаемость ставятся в день урока.' };
  }
  const teacherBlock = f.lessonRight === 'edit' ? teacherBlockReason(f) : 'Журнал этого урока вы только просматриваете.';
  if (teacherBlock === null) return { mode: 'edit' };
  if (deputy) return { mode: 'correct', why: f.lessonRight === 'edit' ? teacherBlock : 'Изменение записывается с указанием причины.' };
  return { mode: 'read', why: teacherBlock };
}

/** Why the lesson's own teacher may not change it now, or null when they may. */
function teacherBlockReason(f: EditFacts): string | null {
  if (f.reopenedUntil !== null && f.reopenedUntil >= f.today) return null;
  if (f.periodClosed) {
    return 'Итоговые отметки за период выставлены: период закрыт. Изменить может заместитель директора с указанием причины.';
  }
  const last = lastEditDay(f.lessonDate, f.editDays);
  if (f.today > last) {
    return `Срок внесения истёк ${ruDate(last)}. Изменить может заместитель директора с указанием причины.`;
  }
  return null;
}

/**
 * Who reads a group's journal (the grid): its teachers (now or earlier in the year), the class teacher of the group's
 * class, the deputy and the admin. Students, parents and everyone else: nobody (404 for staff, 403 by route access).
 */
export function canReadGroupJournal(f: {
  roles: readonly Role[]; teachesGroup: boolean; leadsGroupClass: boolean;
}): 'teacher' | 'classTeacher' | 'manager' | null {
  if (f.teachesGroup) return 'teacher';
  if (f.roles.includes('deputy') || f.roles.includes('admin')) return 'manager';
  if (f.leadsGroupClass) return 'classTeacher';
  return null;
}

/** A reason for a deputy's correction or a reopening: written, 5–500 characters. */
export function checkReason(reason: string | undefined | null): string | null {
  const r = (reason ?? '').trim();
  if (r.length < 5) return 'Укажите причину изменения (не короче 5 символов).';
  if (r.length > 500) return 'Причина — не длиннее 500 символов.';
  return null;
}
