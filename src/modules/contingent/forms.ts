import { z } from 'zod';
import { parseDateInput } from '../../web/dates.ts';
import { dateField, emptyToNull } from '../../web/forms.ts';
import { ORDER_KINDS } from './rules.ts';


const optionalUuid = (message: string) => z.preprocess(emptyToNull, z.uuid({ error: message }).nullable());
const optionalText = (max: number, message: string) => z.preprocess(emptyToNull, z.string().trim().max(max, message).nullable());
const asArray = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

export const kindField = z.enum(ORDER_KINDS, { error: 'Выберите вид приказа.' });

/** The order form: the order's head, then what the items share (one date, one class) and the students picked. */
export const orderForm = z.object({
  kind: kindField,
  number: z.string({ error: 'Введите номер приказа.' }).trim().min(1, 'Введите номер приказа.').max(40, 'Номер приказа — не длиннее 40 символов.'),
  date: dateField('Введите дату приказа в виде ДД.ММ.ГГГГ.'),
  title: optionalText(300, 'Заголовок — не длиннее 300 символов.'),
  effectiveOn: dateField('Введите дату движения в виде ДД.ММ.ГГГГ.'),
  toClassId: optionalUuid('Выберите класс из списка.'),
  fromClassId: optionalUuid('Выберите класс из списка.'),
  reason: optionalText(500, 'Не длиннее 500 символов.'),
  studentId: z.preprocess(asArray, z.array(z.uuid({ error: 'Выберите обучающихся из списка.' }), { error: 'Выберите обучающихся из списка.' })
    .max(1000, 'Не больше 1000 обучающихся в одном приказе.')),
});
export type OrderFormInput = z.output<typeof orderForm>;

export const cancelForm = z.object({
  reason: z.string({ error: 'Укажите причину отмены.' }).trim().min(3, 'Укажите причину отмены (не короче 3 символов).').max(500, 'Причина — не длиннее 500 символов.'),
});

/** Query strings: a bad value is dropped (the page shows everything) rather than failing. */
const loose = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);
const looseDate = z.string().transform((s) => parseDateInput(s) ?? undefined).optional().catch(undefined);

export const bookQuery = z.object({
  tab: loose(z.enum(['orders', 'book'])),
  kind: loose(kindField),
  from: looseDate,
  to: looseDate,
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** The order form's GET steps: the kind, then a search, a class, a date to list students on. */
export const newOrderQuery = z.object({
  kind: loose(kindField),
  q: z.string().max(100).catch('').default(''),
  classId: loose(z.uuid()),
  effectiveOn: looseDate,
});

export const dateQuery = z.object({ date: looseDate });

export const idParams = z.object({ id: z.uuid() });
export const classParams = z.object({ classId: z.uuid() });
export const studentParams = z.object({ studentId: z.uuid() });
