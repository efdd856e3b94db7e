// Forms of the timetable pages: a new version from a date, a slot to add.
import { z } from 'zod';
import { dateField } from '../../web/forms.ts';


export const versionForm = z.object({
  validFrom: dateField('Укажите дату в формате ДД.ММ.ГГГГ.'),
  note: z.string().trim().max(200, 'Не больше 200 символов.').optional().transform((s) => s || null),
});

const optionalUuid = z.union([z.literal(''), z.uuid({ error: 'Выберите из списка.' })]).optional().transform((s) => s || null);

export const slotForm = z.object({
  classId: z.uuid({ error: 'Выберите класс.' }),
  weekday: z.coerce.number({ error: 'Выберите день недели.' }).int().min(1, 'Выберите день недели.').max(6, 'Выберите день недели.'),
  lessonNumber: z.coerce.number({ error: 'Выберите урок.' }).int().min(1, 'Выберите урок.').max(13, 'Выберите урок.'),
  groupId: z.uuid({ error: 'Выберите группу.' }),
  staffId: optionalUuid,
  room: z.string().trim().max(50, 'Не больше 50 символов.').optional().transform((s) => s || null),
  parity: z.enum(['', 'A', 'B'], { error: 'Выберите чередование.' }).optional().transform((s) => (s === 'A' || s === 'B' ? s : null)),
});

export const classQuery = z.object({ class: z.uuid().optional().catch(undefined) });
