import { z } from 'zod';
import { parseDateInput } from '../../web/dates.ts';
import { IMPORT_KINDS, type ImportKind } from './columns.ts';

export const uploadForm = z.object({
  kind: z.enum(IMPORT_KINDS as [ImportKind, ...ImportKind[]], { error: 'Выберите, что загружаете: сотрудников или обучающихся с родителями.' }),
});

export const orderForm = z.object({
  orderNumber: z.string({ error: 'Укажите номер приказа о зачислении.' }).trim()
    .min(1, 'Укажите номер приказа о зачислении.').max(50, 'Номер приказа — не длиннее 50 символов.'),
  orderDate: z.string({ error: 'Укажите дату приказа.' }).transform((s, ctx) => {
    const iso = parseDateInput(s);
    if (!iso) ctx.addIssue({ code: 'custom', message: 'Укажите дату приказа (ДД.ММ.ГГГГ).' });
    return iso ?? '';
  }),
});

export const batchParams = z.object({ id: z.uuid() });

export const TEMPLATE_FILES = ['staff.csv', 'staff.xlsx', 'students.csv', 'students.xlsx'] as const;
export const templateParams = z.object({ file: z.enum(TEMPLATE_FILES) });

