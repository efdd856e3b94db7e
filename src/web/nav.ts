import type { Role } from '../modules/accounts/rules.ts';
import { mustEnroll } from '../modules/accounts/two-factor/rules.ts';
import type { Actor } from './types.ts';

export type NavItem = { href: string; label: string };

/**
 * The navigation, one line per destination, with the roles that see it.
 * Each module adds its own pages here; a role sees only what it may open.
 */
const ITEMS: ReadonlyArray<NavItem & { roles: readonly Role[] | 'all' }> = [
  { href: '/', label: 'Главная', roles: 'all' },
  // A family's diary.
  { href: '/diary', label: 'Дневник', roles: ['parent', 'student'] },
  // A teacher's day first.
  { href: '/today', label: 'Сегодня', roles: ['teacher'] },
  { href: '/journal', label: 'Журнал', roles: ['teacher', 'classTeacher', 'deputy', 'admin'] },
  { href: '/schedule/week/me', label: 'Моё расписание', roles: ['teacher'] },
  { href: '/curriculum/my-groups', label: 'Мои группы', roles: ['teacher'] },
  { href: '/ktp', label: 'КТП', roles: ['teacher', 'deputy', 'admin'] },
  { href: '/my-class', label: 'Мой класс', roles: ['classTeacher'] },
  { href: '/journal/classes/attendance', label: 'Посещаемость класса', roles: ['classTeacher'] },
  { href: '/accounts/classes', label: 'Учётные записи класса', roles: ['admin', 'classTeacher'] },
  // Running the school.
  { href: '/operator/schools', label: 'Школы', roles: ['operator'] },
  { href: '/setup', label: 'Настройка школы', roles: ['admin', 'deputy'] },
  { href: '/journal/work-types', label: 'Виды работ', roles: ['admin', 'deputy'] },
  { href: '/curriculum', label: 'Учебный план', roles: ['admin', 'deputy'] },
  { href: '/reports', label: 'Отчёты', roles: ['deputy', 'admin', 'teacher', 'classTeacher'] },
  { href: '/schedule/timetables', label: 'Расписание', roles: ['deputy', 'admin'] },
  { href: '/schedule/substitutions', label: 'Замены', roles: ['deputy', 'admin'] },
  { href: '/schedule/events', label: 'События', roles: ['deputy', 'admin', 'classTeacher'] },
  { href: '/people/staff', label: 'Сотрудники', roles: ['admin', 'deputy'] },
  { href: '/people/students', label: 'Обучающиеся', roles: ['admin', 'deputy', 'secretary'] },
  { href: '/contingent', label: 'Книга движения', roles: ['secretary', 'admin', 'deputy'] },
  { href: '/year', label: 'Учебный год', roles: ['admin', 'deputy', 'secretary'] },
  { href: '/import', label: 'Импорт', roles: ['admin'] },
  { href: '/admin/members', label: 'Пользователи', roles: ['admin'] },
  { href: '/admin/logins', label: 'Журнал входов', roles: ['admin', 'deputy'] },
  { href: '/messages', label: 'Сообщения', roles: ['parent', 'teacher', 'classTeacher'] },
  { href: '/account', label: 'Профиль', roles: 'all' },
];

/** The roles whose navigation has this page (none for a page not in it). */
export function rolesWithPage(href: string): readonly Role[] {
  const item = ITEMS.find((i) => i.href === href);
  return !item ? [] : item.roles === 'all' ? [] : item.roles;
}

export function navigationFor(actor: Actor | null): NavItem[] {
  if (!actor || actor.mustChangePassword || mustEnroll(actor.twoFactor)) return [];
  return ITEMS.filter((i) => i.roles === 'all' || i.roles.some((r) => actor.roles.includes(r))).map(({ href, label }) => ({ href, label }));
}
