// The lesson page's forms, parsed by zod: the lesson (topic, work done, homework, control flag), its mark columns, and
// the per-student forms (attendance, marks, individual homework) whose fields are named by the student's id.
import { z } from 'zod';

const MINUTES = 'Время на домашнее задание — целое число минут от 0 до 240.';
const text = (max: number, message: string) => z.string({ error: message }).trim().max(max, message).default('');
const optional = (max: number, message: string) => text(max, message).transform((s) => (s === '' ? null : s));
const reason = z.string({ error: 'Укажите причину изменения текстом.' }).max(1000, 'Причина — не длиннее 500 символов.').optional();

export const planForm = z.object({
  topic: text(500, 'Тема — не длиннее 500 символов.'),
  workDone: optional(2000, 'Не длиннее 2000 символов.'),
  homework: optional(2000, 'Домашнее задание — не длиннее 2000 символов.'),
  homeworkMinutes: z.string({ error: MINUTES }).trim().default('')
    .refine((s) => s === '' || (/^\d{1,3}$/.test(s) && Number(s) <= 240), MINUTES)
    .transform((s) => (s === '' ? null : Number(s))),
  controlWork: z.string().optional().transform((v) => v !== undefined && v !== ''),
  action: z.enum(['save', 'ktp']).default('save'),
  reason,
}).superRefine((v, ctx) => {
  if (v.homeworkMinutes !== null && v.homeworkMinutes > 0 && v.homework === null) {
    ctx.addIssue({ code: 'custom', path: ['homework'], message: 'Укажите домашнее задание или оставьте время пустым.' });
  }
});
export type PlanInput = z.output<typeof planForm>;

const uuidRe = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TYPE_KEY = /^type_([1-5])$/;
const WORK_TYPE = 'Выберите вид работы из списка.';

export const columnsForm = z.object({
  action: z.enum(['save', 'add', 'remove'], { error: 'Неизвестное действие.' }).default('save'),
  newType: z.string().optional(),
  reason,
}).catchall(z.unknown()).transform((v, ctx) => {
  const types: Record<number, string> = {};
  for (const [k, val] of Object.entries(v)) {
    const m = TYPE_KEY.exec(k);
    if (!m) continue;
    if (typeof val !== 'string' || !new RegExp(`^${uuidRe}$`).test(val)) {
      ctx.addIssue({ code: 'custom', path: [k], message: WORK_TYPE });
      return z.NEVER;
    }
    types[Number(m[1])] = val;
  }
  const newType = v.newType?.trim() || undefined;
  if (newType !== undefined && !new RegExp(`^${uuidRe}$`).test(newType)) {
    ctx.addIssue({ code: 'custom', path: ['newType'], message: WORK_TYPE });
    return z.NEVER;
  }
  return { action: v.action, types, newType, reason: v.reason };
});
export type ColumnsInput = z.output<typeof columnsForm>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v.at(-1) === 'string' ? v.at(-1) as string : undefined);

/** Per-student fields `<prefix><studentId>` (and `<wasPrefix><studentId>`): the value typed and the value shown. */
function perStudent(body: Record<string, unknown>, prefix: string, wasPrefix: string): Array<{ studentId: string; value: string; was: string }> {
  const re = new RegExp(`^${prefix}(${uuidRe})$`);
  const out: Array<{ studentId: string; value: string; was: string }> = [];
  for (const [k, v] of Object.entries(body)) {
    const m = re.exec(k);
    const value = str(v);
    if (m && value !== undefined) out.push({ studentId: m[1]!, value, was: str(body[`${wasPrefix}${m[1]}`]) ?? '' });
  }
  return out;
}

const body = z.record(z.string(), z.unknown());

const ATT_VALUES = ['present', 'absent', 'late'] as const;
export type AttValue = (typeof ATT_VALUES)[number];
export const attendanceForm = body.transform((b, ctx) => {
  const entries = perStudent(b, 'a_', 'aw_');
  for (const e of entries) {
    if (!(ATT_VALUES as readonly string[]).includes(e.value) || !(['', ...ATT_VALUES] as string[]).includes(e.was)) {
      ctx.addIssue({ code: 'custom', path: [`row:${e.studentId}`], message: 'Выберите: присутствовал, «н» или «оп».' });
      return z.NEVER;
    }
  }
  return {
    all: str(b.action) === 'all', reason: str(b.reason),
    entries: entries.map((e) => ({ studentId: e.studentId, value: e.value as AttValue, was: (e.was || 'present') as AttValue })),
  };
});
export type AttendanceInput = z.output<typeof attendanceForm>;

const CELL_KEY = new RegExp(`^m_(${uuidRe})_([1-5])$`);
export const marksForm = body.transform((b) => {
  const cells: Array<{ studentId: string; column: number; value: string; was: string }> = [];
  for (const [k, v] of Object.entries(b)) {
    const m = CELL_KEY.exec(k);
    const value = str(v);
    if (m && value !== undefined) cells.push({ studentId: m[1]!, column: Number(m[2]), value: value.slice(0, 10), was: (str(b[`w_${m[1]}_${m[2]}`]) ?? '').slice(0, 10) });
  }
  return { cells, reason: str(b.reason) };
});
export type MarksInput = z.output<typeof marksForm>;

export const HOMEWORK_MAX = 1000;
export const homeworkForm = body.transform((b, ctx) => {
  const entries = perStudent(b, 'h_', 'hw_').map((e) => ({ ...e, value: e.value.trim(), was: e.was.trim() }));
  for (const e of entries) {
    if (e.value.length > HOMEWORK_MAX) {
      ctx.addIssue({ code: 'custom', path: [`row:${e.studentId}`], message: `Задание — не длиннее ${HOMEWORK_MAX} символов.` });
      return z.NEVER;
    }
  }
  return { entries, reason: str(b.reason) };
});
export type HomeworkInput = z.output<typeof homeworkForm>;
