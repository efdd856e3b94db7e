// The work-type form: zod with a Russian message for each field.
import { z } from 'zod';
import { isValidWeight, SHORT_NAME_MAX } from './rules.ts';

const WEIGHT_MESSAGE = 'Вес — число от 0,5 до 5 с шагом 0,5, например 1 или 1,5.';

export const workTypeForm = z.object({
  name: z.string({ error: 'Введите название вида работы.' }).trim().min(1, 'Введите название вида работы.')
    .max(100, 'Название слишком длинное: не больше 100 символов.'),
  shortName: z.string({ error: 'Введите сокращение для заголовка столбца.' }).trim().min(1, 'Введите сокращение для заголовка столбца.')
    .max(SHORT_NAME_MAX, `Сокращение — не длиннее ${SHORT_NAME_MAX} символов: оно стоит в заголовке столбца журнала.`),
  weight: z.string({ error: WEIGHT_MESSAGE }).trim().regex(/^\d{1,2}([.,]\d{1,2})?$/, WEIGHT_MESSAGE)
    .transform((s) => Number(s.replace(',', '.'))).refine(isValidWeight, WEIGHT_MESSAGE),
  isControl: z.string().optional().transform((v) => v !== undefined && v !== ''),
});
export type WorkTypeInput = z.output<typeof workTypeForm>;
