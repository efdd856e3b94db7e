// The teacher's first thing on the home page: one card, one tap to the lesson in progress or the next one.
// What the card says is decided here from the rule's answer (lesson-now-rules.ts); the template only prints it.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../web/types.ts';
import type { Role } from '../accounts/rules.ts';
import { hhmm } from '../schedule/lessons-common.ts';
import { teacherLessonNow } from '../schedule/lesson-now.ts';
import type { LessonNow } from '../schedule/lesson-now-rules.ts';
import type { LessonRow } from '../schedule/lessons-queries.ts';
import { roomLabel } from '../schedule/rooms.ts';

/** The roles that open «Сегодня» (the lessons a staff member gives). */
const GIVES_LESSONS: readonly Role[] = ['teacher', 'classTeacher', 'deputy'];

type LessonLine = { href: string; number: number; what: string; time: string; room: string; topic: string | null };

export type LessonCard =
  | { live: boolean; label: string; lesson: LessonLine; ended: LessonLine | null }
  | { live: false; label: string; lesson: null; ended: LessonLine | null };

function line(l: LessonRow, staffId: string): LessonLine {
  const subject = l.substituteStaffId === staffId && l.subSubjectName ? l.subSubjectName : l.subjectName;
  const time = l.startsAt ? `${hhmm(l.startsAt)}–${hhmm(l.endsAt)}` : '';
  const what = `${subject} · ${l.className ?? l.groupName}`;
  return { href: `/journal/lessons/${l.id}`, number: l.lessonNumber, what, time, room: roomLabel(l.room), topic: l.topic };
}

/** The card's words: «Идёт сейчас · до 10:10», «Следующий урок · в 10:30», «Первый урок · завтра, вторник 24.11 · в 08:30». */
export function lessonCard(pick: LessonNow<LessonRow>, staffId: string): LessonCard {
  const ended = pick.ended ? line(pick.ended, staffId) : null;
  if (pick.kind === 'none') return { live: false, label: 'Ближайших уроков в расписании нет', lesson: null, ended };
  const l = pick.lesson;
  const at = l.startsAt ? ` · в ${hhmm(l.startsAt)}` : '';
  const label = pick.kind === 'now' ? `Идёт сейчас${l.endsAt ? ` · до ${hhmm(l.endsAt)}` : ''}`
    : pick.reason === 'next-day' ? `Первый урок · ${pick.day.text}${at}`
      : pick.reason === 'before-first-bell' ? `Первый урок сегодня${at}`
        : `Следующий урок${at}`;
  return { live: pick.kind === 'now', label, lesson: line(l, staffId), ended: pick.kind === 'now' ? null : ended };
}

/** The card for a staff member who gives lessons in the current school; null for everyone else. */
export async function lessonCardOf(db: Db, actor: Actor): Promise<LessonCard | null> {
  const staffId = actor.person.staffId;
  if (!actor.school || !staffId || !actor.roles.some((r) => GIVES_LESSONS.includes(r))) return null;
  const pick = await teacherLessonNow(db, { schoolId: actor.school.id, staffId, timeZone: actor.school.timeZone });
  return lessonCard(pick, staffId);
}
