import type { FastifyInstance } from 'fastify';
import type { Database, Db } from '../../db/client.ts';
import { ROLE_TITLES, type Role } from '../accounts/rules.ts';
import { rolesWithPage } from '../../web/nav.ts';
import { ALWAYS_ANSWERED } from '../../web/pressure.ts';
import { addMessagesLink } from '../messages/home.ts';
import { deadlineCounts } from '../reports/deadlines/routes.ts';
import { lessonCardOf } from './lesson-card.ts';

/** What each role finds on its home page: the tasks it has in the school, with links to the pages that exist. */
const ROLE_HOME: Record<Role, { lead: string; links: Array<{ href: string; label: string }> }> = {
  operator: { lead: 'Вы создаёте школы и их первых администраторов. Журналы школ вам не видны.', links: [{ href: '/operator/schools', label: 'Школы платформы' }] },
  admin: {
    lead: 'Вы настраиваете школу: учебный год, классы, сотрудников и учётные записи.',
    links: [
      { href: '/setup', label: 'Настройка школы: год, периоды, каникулы, звонки, предметы, классы' },
      { href: '/people/staff', label: 'Сотрудники' }, { href: '/people/students', label: 'Обучающиеся и родители' },
      { href: '/import', label: 'Импорт из CSV и XLSX' }, { href: '/admin/accounts/staff', label: 'Учётные записи сотрудников' },
      { href: '/accounts/classes', label: 'Учётные записи и бланки паролей по классам' }, { href: '/admin/members', label: 'Пользователи школы' },
      { href: '/admin/logins', label: 'Журнал входов' },
      { href: '/admin/outbox', label: 'Почта: исходящие письма и еженедельные сводки родителям' },
      { href: '/admin/export', label: 'Открытая выгрузка (OneRoster 1.2): состав школы и отметки за год' },
    ],
  },
  deputy: {
    lead: 'Вы ведёте учебный план и расписание и контролируете ведение журналов.',
    links: [
      { href: '/curriculum', label: 'Учебный план и группы' }, { href: '/schedule/timetables', label: 'Расписание' },
      { href: '/schedule/substitutions', label: 'Замены' }, { href: '/schedule/events', label: 'События' },
      { href: '/setup', label: 'Календарь и классы' }, { href: '/people/staff', label: 'Сотрудники' },
      { href: '/contingent', label: 'Книга движения' }, { href: '/admin/logins', label: 'Журнал входов' },
    ],
  },
  teacher: {
    lead: 'Ваши уроки на сегодня, замены и события; расписание, группы и КТП.',
    links: [
      { href: '/today', label: 'Сегодня: мои уроки' }, { href: '/schedule/week/me', label: 'Моё расписание на неделю' },
      { href: '/curriculum/my-groups', label: 'Мои группы' }, { href: '/ktp', label: 'КТП моих групп' },
      { href: '/calendar', label: 'Календарь на телефоне: мои уроки в календаре телефона' },
    ],
  },
  classTeacher: {
    lead: 'Вы ведёте свой класс: списки, данные родителей, причины пропусков.',
    links: [{ href: '/my-class', label: 'Мой класс' }, { href: '/accounts/classes', label: 'Учётные записи и бланки паролей' }],
  },
  secretary: {
    lead: 'Вы ведёте книгу движения обучающихся: приказы о зачислении, выбытии и переводе.',
    links: [
      { href: '/contingent', label: 'Книга движения' }, { href: '/contingent/orders/new', label: 'Новый приказ' },
      { href: '/people/students', label: 'Обучающиеся и родители' }, { href: '/contingent/classes', label: 'Списки классов на дату' },
    ],
  },
  parent: { lead: 'Здесь дневник ваших детей: оценки, домашние задания и посещаемость.', links: [{ href: '/diary', label: 'Дневник детей: неделя, оценки, домашние задания' }, { href: '/diary/digest', label: 'Сводка дневника на e-mail' },
    { href: '/diary/alerts', label: 'Уведомления о новых отметках' }, { href: '/calendar', label: 'Календарь на телефоне: расписание детей в календаре телефона' }] },
  student: { lead: 'Здесь ваш дневник: расписание, домашние задания и оценки.', links: [{ href: '/diary', label: 'Мой дневник: неделя, оценки, домашние задания' },
    { href: '/calendar', label: 'Календарь на телефоне: моё расписание в календаре телефона' }] },
};

type Card = { role: Role; links: Array<{ href: string; label: string }> };

/** «Журнал» on the first card of a role whose navigation has it (the teacher's right after «Сегодня»). */
function addJournalLink(cards: Card[]): void {
  const roles = rolesWithPage('/journal');
  const card = cards.find((c) => roles.includes(c.role));
  if (!card) return;
  const at = card.links.findIndex((l) => l.href === '/today') + 1;
  // A new array: the card's links are shared with the role's constant description.
  card.links = [...card.links.slice(0, at), { href: '/journal', label: 'Журнал' }, ...card.links.slice(at)];
}

export function registerHomeRoutes(app: FastifyInstance, deps: { database: Database; db: Db }): void {
  app.get('/', { config: { access: 'account' } }, async (request, reply) => {
    const actor = request.actor!;
    if (!actor.school && actor.schools.length > 1) return reply.redirect('/select-school', 303);
    const cards = actor.roles.map((r) => ({ role: r, title: ROLE_TITLES[r], ...ROLE_HOME[r] }));
    addJournalLink(cards);
    await addMessagesLink(deps.db, actor, cards); // «Сообщения (N новых)» on the parent's / teacher's card
    // The deputy's card: the regulations' deadlines broken now, with links to their lists.
    const deadlines = actor.school && actor.roles.includes('deputy') ? await deadlineCounts(request) : null;
    // A teacher's lesson in progress (or the next one): one tap from the home page.
    const lesson = await lessonCardOf(deps.db, actor);
    return reply.page('home/index', { title: 'Главная', cards, deadlines, lesson });
  });

  // Both answer under pressure too (web/pressure.ts): a busy process is alive, and ready while its database answers.
  app.get('/healthz', { config: { access: 'public', ...ALWAYS_ANSWERED } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public', ...ALWAYS_ANSWERED } }, async (_request, reply) => {
    const ok = await deps.database.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'database unavailable' });
  });
}
