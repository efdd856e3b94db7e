// Forms of the school setup: zod schemas with a Russian message for each field.
import { z } from 'zod';
import { PASSWORD_LOGIN_POLICIES } from '../accounts/oidc/rules.ts';
import { parseDateInput } from '../../web/dates.ts';
import { keepValues, type FieldErrors } from '../../web/forms.ts';
import type { RoundingRule } from '../journal/rules.ts';
import { HOLIDAY_KINDS, SCHEME_KINDS } from './rules.ts';
import { SCHOOL_TIME_ZONE_NAMES } from './time-zones.ts';
import { TWO_FACTOR_POLICIES } from '../accounts/two-factor/rules.ts';

const requiredText = (empty: string, max: number, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);
const optionalText = (max: number, tooLong: string) =>
  z.string().trim().max(max, tooLong).optional().transform((v) => (v ? v : null));

const dateField = (empty: string) =>
  z.string({ error: empty }).trim().min(1, empty).transform((s, ctx) => {
    const iso = parseDateInput(s);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: 'Такой даты нет: укажите её в виде ДД.ММ.ГГГГ.' });
      return z.NEVER;
    }
    return iso;
  });

const intField = (min: number, max: number, message: string) =>
  z.string({ error: message }).trim().regex(/^\d{1,4}$/, message).transform(Number).refine((n) => n >= min && n <= max, message);

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$/;
const timeField = (empty: string) =>
  z.string({ error: empty }).trim().min(1, empty).regex(TIME, 'Время в виде ЧЧ:ММ, например 08:30.')
    .transform((t) => { const [h, m] = t.split(':'); return `${h!.padStart(2, '0')}:${m}`; });

const checkbox = z.string().optional().transform((v) => v !== undefined && v !== '');

/** How the weighted average is rounded to the suggested period mark (schools.period_rounding). */
export const PERIOD_ROUNDINGS = ['half_up', 'strict'] as const satisfies readonly RoundingRule[];

export const schoolSettingsForm = z.object({
  name: requiredText('Введите название школы.', 300, 'Название слишком длинное: не больше 300 символов.')
    .refine((s) => s.length >= 3, 'Название школы — не короче 3 символов.'),
  address: optionalText(500, 'Адрес слишком длинный: не больше 500 символов.'),
  collectContacts: checkbox,
  staffIdleMinutes: intField(5, 240, 'Укажите целое число минут от 5 до 240.'),
  journalEditDays: intField(1, 30, 'Укажите целое число дней от 1 до 30.'),
  minMarksPerPeriod: intField(0, 20, 'Укажите целое число отметок от 0 до 20.'),
  controlMarkDays: intField(7, 10, 'Срок проверки письменных работ — целое число дней от 7 до 10.'),
  controlWorksMainLimit: intField(1, 10, 'Укажите целое число контрольных работ от 1 до 10.'),
  controlWorksOtherLimit: intField(1, 10, 'Укажите целое число контрольных работ от 1 до 10.'),
  // Medal and distinction candidates (reports/medals/rules.ts): how many «4» each award allows.
  medalFirstMaxFours: intField(0, 10, 'Медаль I степени: число допустимых «4» — целое от 0 до 10.'),
  medalSecondMaxFours: intField(0, 10, 'Медаль II степени: число допустимых «4» — целое от 0 до 10.'),
  distinctionMaxFours: intField(0, 10, 'Аттестат с отличием: число допустимых «4» — целое от 0 до 10.'),
  periodRounding: z.enum(PERIOD_ROUNDINGS, { error: 'Выберите правило округления средней отметки.' }),
  classTeacherPeriodMarks: checkbox,
  // Absent (an older form): the school keeps its zone.
  timeZone: z.enum(SCHOOL_TIME_ZONE_NAMES, { error: 'Выберите часовой пояс школы из списка.' }).optional(),
  // Absent (an older form): the school keeps its setting.
  twoFactorPolicy: z.enum(TWO_FACTOR_POLICIES, { error: 'Выберите, для кого двухфакторный вход обязателен.' }).optional(),
  // Absent (no identity provider configured, or an older form): the school keeps its setting.
  passwordLogin: z.enum(PASSWORD_LOGIN_POLICIES, { error: 'Выберите, кому разрешён вход по паролю.' }).optional(),
}).refine((f) => f.medalSecondMaxFours >= f.medalFirstMaxFours, {
  path: ['medalSecondMaxFours'], message: 'Для медали II степени «4» допускается не меньше, чем для медали I степени.',
});

const YEAR_NAME = 'Название — два года подряд через косую черту, например 2027/2028.';
export const yearForm = z.object({
  name: z.string({ error: YEAR_NAME }).trim().regex(/^\d{4}\/\d{4}$/, YEAR_NAME)
    .refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, YEAR_NAME),
  startsOn: dateField('Укажите дату начала учебного года.'),
  endsOn: dateField('Укажите дату окончания учебного года.'),
});

const KIND_KEYS = Object.keys(SCHEME_KINDS) as [keyof typeof SCHEME_KINDS, ...Array<keyof typeof SCHEME_KINDS>];
export const schemeForm = z.object({
  kind: z.enum(KIND_KEYS, { error: 'Выберите, как делится год: четверти, триместры, полугодия, семестры или другое.' }),
  name: optionalText(100, 'Название слишком длинное: не больше 100 символов.'),
}).transform((f) => ({ kind: f.kind, name: f.name ?? SCHEME_KINDS[f.kind].title }));

export const PERIOD_FIELDS = ['ordinal', 'name', 'startsOn', 'endsOn'] as const;
export const periodRow = z.object({
  ordinal: intField(1, 12, 'Номер периода — от 1 до 12.'),
  name: requiredText('Введите название периода, например «1 четверть».', 100, 'Название слишком длинное: не больше 100 символов.'),
  startsOn: dateField('Укажите дату начала периода.'),
  endsOn: dateField('Укажите дату окончания периода.'),
});

const HOLIDAY_KEYS = Object.keys(HOLIDAY_KINDS) as [keyof typeof HOLIDAY_KINDS, ...Array<keyof typeof HOLIDAY_KINDS>];
const GRADES = 'Классы — числа от 1 до 11 через запятую, например: 1 или 1, 2. Пусто — для всей школы.';
export const holidayForm = z.object({
  name: requiredText('Введите название, например «Осенние каникулы».', 200, 'Название слишком длинное: не больше 200 символов.'),
  kind: z.enum(HOLIDAY_KEYS, { error: 'Выберите: каникулы, праздник или выходной.' }),
  startsOn: dateField('Укажите первый день.'),
  endsOn: dateField('Укажите последний день.'),
  grades: z.string().trim().max(60, GRADES).optional().transform((s, ctx) => {
    if (!s) return null;
    const parts = s.split(/[\s,;]+/).filter(Boolean);
    const grades = parts.map(Number);
    if (!parts.every((p) => /^\d{1,2}$/.test(p)) || grades.some((g) => g < 1 || g > 11)) {
      ctx.addIssue({ code: 'custom', message: GRADES });
      return z.NEVER;
    }
    return [...new Set(grades)].sort((a, b) => a - b);
  }),
});

export const transferForm = z.object({
  date: dateField('Укажите дату, которая станет учебным днём.'),
  worksAs: intField(1, 6, 'Выберите день недели с понедельника по субботу.'),
  note: optionalText(200, 'Примечание слишком длинное: не больше 200 символов.'),
});

export const bellScheduleForm = z.object({
  shift: intField(1, 3, 'Смена — 1, 2 или 3.'),
  name: optionalText(100, 'Название слишком длинное: не больше 100 символов.'),
}).transform((f) => ({ shift: f.shift, name: f.name ?? `${f.shift} смена` }));

export const BELL_FIELDS = ['lessonNumber', 'startsAt', 'endsAt'] as const;
export const bellRow = z.object({
  lessonNumber: intField(0, 12, 'Номер урока — от 0 до 12.'),
  startsAt: timeField('Укажите начало урока.'),
  endsAt: timeField('Укажите конец урока.'),
});

export const subjectForm = z.object({
  name: requiredText('Введите название предмета.', 200, 'Название слишком длинное: не больше 200 символов.'),
  shortName: optionalText(40, 'Сокращение слишком длинное: не больше 40 символов.'),
  area: optionalText(200, 'Название предметной области слишком длинное: не больше 200 символов.'),
}).transform((f) => ({ name: f.name, shortName: f.shortName ?? f.name.slice(0, 40), area: f.area }));

export const classForm = z.object({
  grade: z.string().trim().regex(/^([1-9]|1[01])?$/, 'Параллель — число от 1 до 11 (пусто для группы колледжа).').optional().default(''),
  letter: z.string().trim().regex(/^[А-ЯЁа-яё]{0,2}$/, 'Литера — одна или две русские буквы, например А.').optional().default(''),
  groupName: z.string().trim().max(30, 'Название группы — не длиннее 30 символов.').optional().default(''),
  shift: intField(1, 3, 'Смена — 1, 2 или 3.'),
  schemeId: z.uuid({ error: 'Выберите деление года на периоды.' }),
  classTeacherId: z.union([z.literal(''), z.uuid({ error: 'Выберите классного руководителя из списка.' })]).optional().default(''),
}).transform((f, ctx) => {
  const grade = f.grade ? Number(f.grade) : null;
  if (grade !== null && !f.letter) ctx.addIssue({ code: 'custom', path: ['letter'], message: 'Укажите литеру класса, например А.' });
  if (grade === null && !f.groupName) {
    ctx.addIssue({ code: 'custom', path: ['grade'], message: 'Укажите параллель и литеру (5 и А) или название группы колледжа.' });
  }
  return {
    grade, letter: grade !== null ? f.letter.toUpperCase() : null, groupName: grade === null ? f.groupName : null,
    shift: f.shift, schemeId: f.schemeId, classTeacherId: f.classTeacherId || null,
  };
});

/**
 * Parses the numbered rows of a table form (`startsOn_0`, `endsOn_0`, `startsOn_1` …). A row whose `blankWhen`
 * fields are all empty is left out. Errors are keyed `field_index`, next to the field they concern.
 */
export function parseRows<S extends z.ZodType>(
  schema: S, body: unknown, fields: readonly string[], blankWhen: readonly string[], max = 20,
): { ok: true; rows: Array<{ index: number; data: z.output<S> }>; values: Record<string, string> } | { ok: false; errors: FieldErrors; values: Record<string, string> } {
  const src = (body ?? {}) as Record<string, unknown>;
  const values = keepValues(body);
  const rows: Array<{ index: number; data: z.output<S> }> = [];
  const errors: FieldErrors = {};
  for (let i = 0; i < max; i++) {
    const raw = Object.fromEntries(fields.map((f) => [f, src[`${f}_${i}`]]));
    // A row is left out when its fields are absent or blank; anything else that is no string (an array, an object from a
    // JSON body) is parsed, and refused by the schema — never coerced with String(), which throws on some objects.
    const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');
    if (blankWhen.every((f) => blank(raw[f]))) continue;
    const r = schema.safeParse(raw);
    if (r.success) rows.push({ index: i, data: r.data });
    else for (const issue of r.error.issues) errors[`${String(issue.path[0] ?? fields[0])}_${i}`] ??= issue.message;
  }
  return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, rows, values };
}
