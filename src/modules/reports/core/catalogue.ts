// The reports of the school, as the list at /reports shows them: one line per report, with its group, who may open it
// and the filters it reads from the URL. A report's own route declares the same roles (REPORT_ROLES below).
import type { Role } from '../../accounts/rules.ts';
import type { FilterName } from './filters.ts';

export type ReportGroup = 'control' | 'load' | 'activity' | 'results';
export type ReportEntry = {
  slug: string; path: string; title: string; group: ReportGroup; roles: Role[]; description: string;
  /** The URL filters the report reads; the list passes on the ones chosen on it. */
  filters: FilterName[];
};

export const GROUP_TITLES: Record<ReportGroup, string> = {
  control: 'Контроль ведения журналов', load: 'Нагрузка', activity: 'Активность', results: 'Итоги',
};

/** Everyone who opens reports: the list itself and most reports. Others (parent, student, secretary) get 403. */
export const REPORT_ROLES: Role[] = ['deputy', 'admin', 'teacher', 'classTeacher'];

/**
 * A student's report (/reports/students/:studentId) lets every school role reach its handler: who reads which student is
 * an object rule (reports/student/rules.ts), and everyone it refuses — another family, another class's teacher, the
 * secretary — gets 404 like an unknown id, never a 403 that would tell the student exists. It is not in CATALOGUE: it
 * is about one student, so it has no line in the list; it is opened from the diary, the class page and the student card.
 */
export const STUDENT_REPORT_ROLES: Role[] = ['deputy', 'admin', 'teacher', 'classTeacher', 'secretary', 'parent', 'student'];

export const CATALOGUE: readonly ReportEntry[] = [
  {
    slug: 'journal-control', path: '/reports/journal-control', title: 'Контроль заполнения журналов за неделю', group: 'control',
    roles: REPORT_ROLES, filters: ['week'],
    description: 'По учителям и группам: уроки без темы, домашнего задания, посещаемости; отметки, выставленные позже дня урока; '
      + 'отметки за контрольные работы позже срока; итоговые отметки и причины пропусков не в срок. Рядом — прошлая неделя.',
  },
  {
    slug: 'deadlines', path: '/reports/deadlines', title: 'Сроки по положению о журнале', group: 'control', roles: REPORT_ROLES, filters: ['class'],
    description: 'Все сроки, которые можно проверить по данным: сколько нарушений сейчас, их список и кто должен исправить '
      + '(учителю и классному руководителю — свои).',
  },
  {
    slug: 'accumulation', path: '/reports/accumulation', title: 'Накопляемость отметок', group: 'control', roles: REPORT_ROLES,
    filters: ['period', 'class'],
    description: 'Отметки каждого обучающегося по предметам за период против минимума школы; сначала — кому грозит «н/а».',
  },
  {
    slug: 'programme', path: '/reports/programme', title: 'Выполнение программы', group: 'control', roles: REPORT_ROLES, filters: ['period'],
    description: 'По группам: часы по КТП на сегодня, проведённые часы и отставание; план года против расписания.',
  },
  {
    slug: 'control-works', path: '/reports/control-works', title: 'Контрольные работы', group: 'load', roles: REPORT_ROLES,
    filters: ['period', 'class'],
    description: 'Календарь контрольных работ класса (проведённые и запланированные), несколько в один день, лимиты за четверть.',
  },
  {
    slug: 'homework-load', path: '/reports/homework-load', title: 'Объём домашних заданий и СанПиН', group: 'load', roles: REPORT_ROLES,
    filters: ['class', 'week'],
    description: 'По классам и дням: сумма минут домашних заданий против нормы СанПиН 1.2.3685-21; дни сверх нормы выделены.',
  },
  {
    slug: 'timesheet', path: '/reports/timesheet', title: 'Табель учёта уроков', group: 'load', roles: ['deputy', 'admin', 'teacher'],
    filters: ['month', 'teacher'],
    description: 'По учителям и дням: проведённые уроки, замены проведённые и полученные, отменённые и дополнительные уроки.',
  },
  {
    slug: 'activity', path: '/reports/activity', title: 'Активность учителей и семей', group: 'activity', roles: ['deputy', 'admin', 'classTeacher'],
    filters: ['week', 'class'],
    description: 'Учителя — входы и уроки, заполненные в день урока; семьи по классам — входы, просмотры дневника, ознакомление, рассылка.',
  },
  {
    slug: 'progress', path: '/reports/progress', title: 'Итоги успеваемости', group: 'results', roles: REPORT_ROLES,
    filters: ['period', 'grade', 'class'],
    description: 'По классам, параллелям и школе: аттестовано, «5»–«2», успеваемость, качество, СОУ, средний балл — рядом прошлый '
      + 'период; по предметам; списки отличников, хорошистов, с одной «3»/«4», неуспевающих. До выставления итоговых — прогноз.',
  },
  {
    slug: 'results-workbook', path: '/reports/results-workbook', title: 'Итоги периода: книга Excel', group: 'results', roles: REPORT_ROLES,
    filters: ['period', 'grade', 'class'],
    description: 'Одним файлом Excel: итоги успеваемости (по классам, предметам, списки) и сводная ведомость каждого класса — лист на класс; '
      + 'числа — числами, проценты — процентами.',
  },
  {
    slug: 'attendance', path: '/reports/attendance', title: 'Посещаемость', group: 'results', roles: REPORT_ROLES,
    filters: ['period', 'from', 'to', 'class'],
    description: 'По классам и по обучающимся: пропущенные уроки по причинам, дни, пропущенные целиком, опоздания, доля пропущенных уроков; '
      + 'итог по школе и диаграмма по причинам.',
  },
  {
    slug: 'summary-sheet', path: '/reports/summary-sheet', title: 'Сводная ведомость итоговых отметок', group: 'results', roles: REPORT_ROLES,
    filters: ['year', 'class'],
    description: 'Класс за учебный год: отметки за каждый период, годовые, экзаменационные и итоговые по всем предметам, пропущенные уроки; '
      + 'на листе A4 (альбомный) с подписями классного руководителя и заместителя директора.',
  },
  {
    slug: 'medals', path: '/reports/medals', title: 'Кандидаты на медали и аттестат с отличием', group: 'results',
    roles: ['deputy', 'admin', 'classTeacher'], filters: ['year'],
    description: '11-е классы — медаль «За особые успехи в учении» I и II степени по годовым отметкам 10 и 11 классов; 9-е — аттестат '
      + 'с отличием по итоговым отметкам. У каждого — отметки, которые подходят, или та, что мешает; до выставления — прогноз.',
  },
];

/** The entries this person may open, among the reports the app serves (a report not built yet is not listed). */
export function entriesFor(roles: readonly Role[], served: (path: string) => boolean): ReportEntry[] {
  return CATALOGUE.filter((e) => e.roles.some((r) => roles.includes(r)) && served(e.path));
}

/** The entries grouped in the order of GROUP_TITLES (empty groups left out). */
export function groupEntries(entries: ReportEntry[]): Array<{ group: ReportGroup; title: string; entries: ReportEntry[] }> {
  return (Object.keys(GROUP_TITLES) as ReportGroup[])
    .map((group) => ({ group, title: GROUP_TITLES[group], entries: entries.filter((e) => e.group === group) }))
    .filter((g) => g.entries.length > 0);
}

/** The roles of a report's route (the catalogue's line for it). */
/**
 * A report route's options: who may call it, and its statements planned for their values every time (tenant-tx `plans`):
 * a report's queries are big, rare and value-dependent, where a prepared statement's generic plan can be much slower.
 */
export function reportRoute(roles: Role[]): { config: { access: Role[]; plans: 'custom' } } {
  return { config: { access: roles, plans: 'custom' } };
}

export function rolesOf(slug: string): Role[] {
  const entry = CATALOGUE.find((e) => e.slug === slug);
  if (!entry) throw new Error(`No report «${slug}» in the catalogue`);
  return entry.roles;
}
