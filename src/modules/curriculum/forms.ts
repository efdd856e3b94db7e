// Form schemas of the curriculum pages (zod, Russian messages).
import { z } from 'zod';
import { parseDateInput } from '../../web/dates.ts';
import { dateField, emptyToNull } from '../../web/forms.ts';
import { LESSON_KINDS } from './schema.ts';
import { checkHours } from './rules.ts';

export const asArray = (v: unknown): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

const hoursField = z.string({ error: 'Введите число часов в неделю.' }).transform((s, ctx) => {
  const r = checkHours(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.hours;
});
const kindField = z.enum(LESSON_KINDS, { error: 'Выберите вид занятий.' });

export const classParams = z.object({ classId: z.uuid() });
export const itemParams = z.object({ itemId: z.uuid() });
export const groupParams = z.object({ groupId: z.uuid() });
export const memberParams = z.object({ groupId: z.uuid(), memberId: z.uuid() });
export const dateQuery = z.object({ date: z.string().optional().transform((s) => (s ? parseDateInput(s) ?? undefined : undefined)) });

export const itemForm = z.object({
  subjectId: z.uuid({ error: 'Выберите предмет.' }),
  hoursPerWeek: hoursField,
  lessonKind: kindField,
  createGroup: z.preprocess((v) => v === 'on' || v === '1', z.boolean()),
});

export const itemEditForm = z.object({ hoursPerWeek: hoursField, lessonKind: kindField });

export const copyForm = z.object({
  targetClassId: z.uuid({ error: 'Выберите класс.' }),
  mode: z.enum(['merge', 'replace'], { error: 'Выберите, как копировать.' }),
});

export const splitForm = z.object({
  count: z.coerce.number({ error: 'Число подгрупп — от 2 до 6.' }).int('Число подгрупп — от 2 до 6.').min(2, 'Число подгрупп — от 2 до 6.').max(6, 'Число подгрупп — от 2 до 6.'),
  startsOn: dateField('Введите дату в виде ДД.ММ.ГГГГ.'),
});

export const groupForm = z.object({
  kind: z.enum(['cross_class', 'individual'], { error: 'Выберите вид группы.' }),
  subjectId: z.uuid({ error: 'Выберите предмет.' }),
  name: z.string({ error: 'Введите название группы.' }).trim().min(1, 'Введите название группы.').max(200, 'Название — не длиннее 200 символов.'),
  hoursPerWeek: hoursField,
  lessonKind: kindField,
  startsOn: dateField('Введите дату в виде ДД.ММ.ГГГГ.'),
  studentIds: z.preprocess(asArray, z.array(z.uuid({ error: 'Выберите обучающихся из списка.' })).min(1, 'Выберите хотя бы одного обучающегося.')),
});

export const memberForm = z.object({
  studentId: z.uuid({ error: 'Выберите обучающегося.' }),
  startsOn: dateField('Введите дату в виде ДД.ММ.ГГГГ.'),
});

export const endMemberForm = z.object({ endsOn: dateField('Введите дату в виде ДД.ММ.ГГГГ.') });

export const teacherForm = z.object({
  staffId: z.uuid({ error: 'Выберите учителя.' }),
  startsOn: dateField('Введите дату в виде ДД.ММ.ГГГГ.'),
  /** Inclusive last day as typed; stored exclusive. */
  until: z.preprocess(emptyToNull, dateField('Введите дату в виде ДД.ММ.ГГГГ.').nullable()),
});
