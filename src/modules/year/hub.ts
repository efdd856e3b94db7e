// GET /year — «Учебный год»: the summer's work in order (decisions, closing, the next year, the archive), each link shown
// to the roles that may open it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../accounts/rules.ts';

const STEPS: ReadonlyArray<{ href: string; title: string; text: string; roles: readonly Role[] }> = [
  { href: '/year/promotion', title: 'Решения о переводе', roles: ['deputy', 'secretary', 'admin'],
    text: 'По каждому классу: переведён, переведён условно, оставлен на повторное обучение, выпущен, семейное образование — и приказы.' },
  { href: '/year/close', title: 'Закрытие года', roles: ['admin', 'deputy'],
    text: 'Перечень того, что ещё не сделано (годовые и периодные отметки, уроки, решения), и закрытие года: после него год только для чтения.' },
  { href: '/year/rollover', title: 'Переход на новый год', roles: ['admin'],
    text: 'Новый учебный год из закрытого: даты и периоды, классы (5А → 6А), выпускники, учебный план и группы.' },
  { href: '/year/archive', title: 'Архив года', roles: ['admin'],
    text: 'Один ZIP-файл закрытого года в открытых форматах, с манифестом и подписью.' },
  { href: '/admin/export', title: 'Выгрузка OneRoster', roles: ['admin'],
    text: 'Контингент и результаты школы в формате OneRoster 1.2 (CSV) для другой системы.' },
];

export const YEAR_ROLES: Role[] = ['admin', 'deputy', 'secretary'];

export async function yearHub(request: FastifyRequest, reply: FastifyReply) {
  const roles = request.actor!.roles;
  const steps = STEPS.filter((s) => s.roles.some((r) => roles.includes(r)));
  return reply.page('year/index', { title: 'Учебный год', steps });
}
