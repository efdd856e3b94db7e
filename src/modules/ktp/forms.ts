// Parsing of КТП URLs and forms (zod); topic fields themselves are checked by rules.validateTopic.
import { z } from 'zod';

export const groupParams = z.object({ groupId: z.uuid() });
export const topicParams = z.object({ groupId: z.uuid(), topicId: z.uuid() });
export const lessonParams = z.object({ lessonId: z.uuid() });
export const templateParams = z.object({ format: z.enum(['csv', 'xlsx']) });

const text = (max: number) => z.string().max(max * 30).optional().default('');
export const topicForm = z.object({ section: text(200), title: text(500), hours: text(10) });
export const moveForm = z.object({ direction: z.enum(['up', 'down'], { error: 'Неизвестное направление.' }) });
export const indexQuery = z.object({ class: z.uuid().optional().catch(undefined) });

/** The topics of a checked file travel back with the confirmation (and are checked again). */
export const applyForm = z.object({ payload: z.string().min(2).max(900_000), expected: z.coerce.number().int().min(0) });
export const payloadTopics = z.array(z.object({ section: z.string().nullable(), title: z.string(), hours: z.number() })).min(1).max(1000);

export const copyForm = z.object({
  targetId: z.uuid({ error: 'Выберите группу, в которую копировать.' }),
  confirm: z.string().optional(),
});
export const lessonTopicForm = z.object({
  topic: z.string().max(2000, { error: 'Тема длиннее 500 символов.' }).optional().default(''), next: z.string().optional(),
  reason: z.string().max(2000).optional(),
});
