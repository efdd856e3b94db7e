// What every page of one child's diary shares: who may open it, the heading and the tabs.
import type { FastifyRequest } from 'fastify';
import type { Access } from '../../web/types.ts';
import { fullChildName, type DiaryChild } from './access.ts';

/** The diary is read by parents (their children) and students (themselves); staff read the journal instead. */
export const DIARY_READERS: { config: { access: Access } } = { config: { access: ['parent', 'student'] } };

export type DiaryTab = 'week' | 'marks' | 'year' | 'homework' | 'attendance' | 'timetable';

const TABS: ReadonlyArray<{ key: DiaryTab; path: string; label: string }> = [
  { key: 'week', path: '', label: 'Неделя' },
  { key: 'marks', path: '/marks', label: 'Оценки' },
  { key: 'year', path: '/marks/year', label: 'Итоговые' },
  { key: 'homework', path: '/homework', label: 'Задания' },
  { key: 'attendance', path: '/attendance', label: 'Посещаемость' },
  { key: 'timetable', path: '/timetable', label: 'Расписание' },
];

/** The heading and tabs of a child's diary page. */
export function childHead(child: DiaryChild, tab: DiaryTab) {
  const base = `/diary/${child.studentId}`;
  return {
    child: { id: child.studentId, name: fullChildName(child), className: child.className, schoolName: child.schoolName },
    tabs: TABS.map((t) => ({ href: base + t.path, label: t.label, current: t.key === tab })),
  };
}

export const schoolIdOf = (request: FastifyRequest) => request.school.id;
