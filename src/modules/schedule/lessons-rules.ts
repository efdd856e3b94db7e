// Pure rules of a lesson's journal: who fills it (edit), who only reads it, with substitutions taken into account.
import type { Role } from '../accounts/rules.ts';

export type LessonRight = 'edit' | 'read' | 'none';

export interface ActorFacts { staffId: string | null; roles: readonly Role[] }
export interface LessonFacts { staffId: string }
export interface SubstitutionFacts { kind: string; substituteStaffId: string | null }

/**
 * Who may fill a lesson's journal (topic, homework, marks, attendance — issue 5 uses this):
 * - a cancelled lesson is filled by nobody; its teachers, the substitute, the deputy and the admin read it;
 * - with a substitution (another teacher or another subject) the substitute edits, the regular teacher only reads;
 * - otherwise the group's teacher on that date (`groupTeacherOn`) and the lesson's timetable teacher edit;
 * - the deputy and the admin read every lesson; anyone else: none.
 */
export function canFillLesson(actor: ActorFacts, lesson: LessonFacts, substitution: SubstitutionFacts | null, groupTeacherOn: string | undefined): LessonRight {
  const me = actor.staffId;
  const regular = me != null && (me === lesson.staffId || me === groupTeacherOn);
  const substitute = me != null && substitution?.substituteStaffId === me;
  const manager = actor.roles.includes('deputy') || actor.roles.includes('admin');
  if (substitution?.kind === 'cancelled') return regular || substitute || manager ? 'read' : 'none';
  if (substitution) {
    if (substitute) return 'edit';
    return regular || manager ? 'read' : 'none';
  }
  if (regular) return 'edit';
  return manager ? 'read' : 'none';
}

export const SUBSTITUTION_KINDS: Record<string, string> = { teacher: 'замена учителя', subject: 'замена предмета', cancelled: 'урок отменён' };

/** Teachers free at a lesson number on a day: those with no lesson (own or substituted) at it. */
export function freeTeachers<T extends { id: string }>(all: readonly T[], busy: ReadonlySet<string>): T[] {
  return all.filter((t) => !busy.has(t.id));
}
