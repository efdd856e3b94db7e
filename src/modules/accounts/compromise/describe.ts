// The compromise list in Russian: what each unit is («Оценка: 5А, математика, 12.11, 3-й урок, Иванов Пётр»), its
// value before and after the account's changes, where to look at it, and its state. Journal values are shown as the
// cell history shows them (historyValue).
import { ruDate, ruDateTime } from '../../../web/dates.ts';
import { historyValue } from '../../journal/history.ts';
import type { PeriodMarkKind } from '../../journal/period-rules.ts';
import { PEOPLE, type Names } from './queries.ts';
import type { Unit, UnitStatus } from './rules.ts';

export type UnitLine = {
  key: string; when: string; what: string; from: string; to: string; href: string | null;
  status: UnitStatus; state: string; selectable: boolean; count: number;
};

const FIELD_TITLES: Record<string, string> = {
  topic: 'Тема урока', workDone: 'Что сделано на уроке', homework: 'Домашнее задание', controlWork: 'Контрольная работа',
  lastName: 'фамилия', firstName: 'имя', middleName: 'отчество', sex: 'пол', birthDate: 'дата рождения', position: 'должность',
  category: 'категория', rank: 'звание, награды', diplomaSpecialty: 'специальность по диплому', phone: 'телефон', email: 'электронная почта',
  externalId: 'внешний идентификатор', personalFileNo: 'номер личного дела', address: 'адрес',
};

const ENTITY_TITLES: Record<string, string> = {
  order: 'Приказ', student_guardian: 'Связь родителя и обучающегося', work_type: 'Вид работы', ktp: 'КТП', journal_reopen: 'Открытие журнала',
  period_closure: 'Закрытие периода', substitution: 'Замена', event: 'Событие', timetable: 'Расписание', timetable_slot: 'Урок в расписании',
  teaching_group: 'Учебная группа', group_member: 'Состав группы', group_teacher: 'Учитель группы', curriculum_item: 'Учебный план',
  account: 'Учётная запись', school_settings: 'Настройки школы', class: 'Класс', subject: 'Предмет', holiday: 'Каникулы, праздник',
  digest_subscription: 'Подписка на сводку', import_batch: 'Импорт', lesson: 'Урок', bell: 'Звонки', period: 'Учебный период',
};

const ACTION_TITLES: Record<string, string> = {
  create: 'создание', update: 'изменение', delete: 'удаление', post: 'проведение', cancel: 'отмена', link: 'связь', unlink: 'связь снята',
  columns: 'колонки отметок', import_create: 'создание (импорт)', import_update: 'изменение (импорт)', create_extra: 'дополнительный урок',
};

const PERIOD_KINDS: Partial<Record<PeriodMarkKind, string>> = { year: 'Годовая отметка', exam: 'Экзаменационная отметка', final: 'Итоговая отметка' };

type Where = { lesson: string; student: string };

/** «5А, математика, 12.11, 3-й урок» and «Иванов Пётр» of a lesson cell; «?» when the lesson or student is gone. */
function lessonPlace(names: Names, lessonId: string, studentId?: string): Where {
  const l = names.lessons.get(lessonId);
  const lesson = l ? `${names.groups.get(l.groupId) ?? '?'}, ${ruDate(l.date).slice(0, 5)}, ${l.lessonNumber}-й урок` : 'урок удалён';
  return { lesson, student: studentId ? names.people.get(studentId) ?? '?' : '' };
}

function text(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? ruDate(v) : v;
  if (typeof v === 'object') {
    const s = Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x !== 'object' || x === null)
      .slice(0, 4).map(([k, x]) => `${FIELD_TITLES[k] ?? k}: ${text(x)}`).join('; ');
    return s.length > 160 ? `${s.slice(0, 159)}…` : s || '…';
  }
  return String(v);
}

/** A lesson field group's value: the topic, the homework with its minutes, «да»/«нет» for the control work. */
function lessonValue(field: string, v: unknown): string {
  const o = (v ?? {}) as Record<string, unknown>;
  if (field === 'homework') {
    const minutes = typeof o.homeworkMinutes === 'number' ? ` (${o.homeworkMinutes} мин)` : '';
    return `${text(o.homework ?? null)}${minutes}`;
  }
  return text(o[field] ?? null);
}

type Described = Pick<UnitLine, 'what' | 'from' | 'to' | 'href'>;

function describeJournal(u: Unit, names: Names): Described | null {
  const [a = '', b = '', c = '', d = ''] = u.entityId.split(':');
  const value = { from: historyValue(u.old), to: historyValue(u.new) };
  const history = (column: string) => `/journal/history?lesson=${a}&student=${b}&column=${column}`;
  switch (u.kind) {
    case 'mark': {
      const w = lessonPlace(names, a, b);
      return { what: `Оценка: ${w.lesson}${c !== '1' ? `, колонка ${c}` : ''}, ${w.student}`, ...value, href: history(c) };
    }
    case 'attendance':
    case 'reason': {
      const w = lessonPlace(names, a, b);
      return { what: `${u.kind === 'reason' ? 'Причина пропуска' : 'Посещаемость'}: ${w.lesson}, ${w.student}`, ...value, href: history('1') };
    }
    case 'individualHomework': {
      const w = lessonPlace(names, a, b);
      return { what: `Индивидуальное задание: ${w.lesson}, ${w.student}`, ...value, href: `/journal/lessons/${a}` };
    }
    case 'lessonField':
      return {
        what: `${FIELD_TITLES[u.field!] ?? u.field}: ${lessonPlace(names, a).lesson}`,
        from: lessonValue(u.field!, u.old), to: lessonValue(u.field!, u.new), href: `/journal/lessons/${a}`,
      };
    case 'periodMark': {
      const kind = c as PeriodMarkKind;
      const title = kind === 'period' ? `Итоговая отметка за ${names.periods.get(d) ?? 'период'}` : PERIOD_KINDS[kind] ?? `Отметка (${c})`;
      const href = `/journal/history?group=${a}&student=${b}&kind=${c}${d ? `&period=${d}` : ''}`;
      return { what: `${title}: ${names.groups.get(a) ?? '?'}, ${names.people.get(b) ?? '?'}`, ...value, href };
    }
    default:
      return null;
  }
}

function describeOther(u: Unit, names: Names): Described {
  const person = PEOPLE[u.entity];
  if (person) {
    const name = names.people.get(u.entityId) ?? '?';
    if (u.field && !u.field.startsWith('#')) {
      return { what: `${person.title}: ${name} — ${FIELD_TITLES[u.field] ?? u.field}`, from: text(u.old), to: text(u.new), href: person.href(u.entityId) };
    }
    const action = ACTION_TITLES[u.steps[0]!.action] ?? u.steps[0]!.action;
    return { what: `${person.title}: ${name} (${action})`, from: text(u.old), to: text(u.new), href: person.href(u.entityId) };
  }
  const action = ACTION_TITLES[u.steps[0]!.action] ?? u.steps[0]!.action;
  if (u.entity === 'order') {
    const number = names.orders.get(u.entityId);
    return { what: `Приказ${number ? ` № ${number}` : ''} (${action})`, from: text(u.old), to: text(u.new), href: `/contingent/orders/${u.entityId}` };
  }
  if (u.entity === 'student_guardian') {
    const [studentId = '', guardianId = ''] = u.entityId.split(':');
    const what = `${ENTITY_TITLES.student_guardian}: ${names.people.get(studentId) ?? '?'} — ${names.people.get(guardianId) ?? '?'} (${action})`;
    return { what, from: text(u.old), to: text(u.new), href: `/people/students/${studentId}` };
  }
  if (u.entity === 'lesson') {
    return { what: `Урок: ${lessonPlace(names, u.entityId).lesson} (${action})`, from: text(u.old), to: text(u.new), href: `/journal/lessons/${u.entityId}` };
  }
  return { what: `${ENTITY_TITLES[u.entity] ?? u.entity} (${action})`, from: text(u.old), to: text(u.new), href: null };
}

const STATE: Record<UnitStatus, string> = {
  restorable: 'не отменено', conflict: 'изменено позже', restored: 'восстановлено', unchanged: 'итог не изменился', manual: 'восстановить вручную',
};

/** The line of one unit: when (the account's last change, school time), what, from → to, where, and its state. */
export function unitLine(u: Unit, names: Names, timeZone: string): UnitLine {
  const d = describeJournal(u, names) ?? describeOther(u, names);
  const later = u.later ? `: ${u.later.by}${u.later.login ? ` (${u.later.login})` : ''}, ${ruDateTime(u.later.at, timeZone)}` : '';
  return {
    key: u.key, when: ruDateTime(u.last, timeZone), ...d, status: u.status, state: `${STATE[u.status]}${later}`,
    selectable: u.status === 'restorable', count: u.steps.length,
  };
}
