// Pure rules of the КТП: what a topic may be, reading template rows, and laying topics over lessons in order.
import { normalizeHeader } from '../imports/headers.ts';

export const MAX_TITLE = 500;
export const MAX_SECTION = 200;
export const MIN_HOURS = 1;
export const MAX_HOURS = 10;

export type TopicInput = { section: string | null; title: string; hours: number };

/** Validates one topic's raw text fields; returns the clean topic or one Russian message per field. */
export function validateTopic(raw: { section?: string; title?: string; hours?: string }):
  | { ok: true; topic: TopicInput }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = (raw.title ?? '').replace(/\s+/g, ' ').trim();
  const section = (raw.section ?? '').replace(/\s+/g, ' ').trim();
  const hoursText = (raw.hours ?? '').trim();
  if (title === '') errors.title = 'Укажите тему урока.';
  else if (title.length > MAX_TITLE) errors.title = `Тема длиннее ${MAX_TITLE} символов (${title.length}). Сократите её.`;
  if (section.length > MAX_SECTION) errors.section = `Раздел длиннее ${MAX_SECTION} символов. Сократите его.`;
  const hours = hoursText === '' ? 1 : Number(hoursText.replace(',', '.'));
  if (!Number.isInteger(hours) || hours < MIN_HOURS || hours > MAX_HOURS) {
    errors.hours = `Часы — целое число от ${MIN_HOURS} до ${MAX_HOURS}${hoursText ? ` (указано «${hoursText.slice(0, 20)}»)` : ''}.`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, topic: { section: section || null, title, hours } };
}

/** The template's columns (Russian headers, any order; «№» is optional and ignored — the file's order counts). */
export const KTP_COLUMNS = [
  { key: 'number', header: '№', aliases: ['номер', 'n', 'no'], required: false },
  { key: 'section', header: 'Раздел', aliases: ['раздел программы', 'модуль'], required: false },
  { key: 'title', header: 'Тема урока', aliases: ['тема'], required: true },
  { key: 'hours', header: 'Часы', aliases: ['количество часов', 'кол-во часов'], required: true },
] as const;

export type LineError = { line: number; messages: string[] };

/** Header row → column keys; a message naming unknown or missing columns. */
export function matchKtpHeaders(cells: readonly string[]): { ok: true; keys: Array<string | null> } | { ok: false; message: string } {
  const byName = new Map<string, string>();
  for (const c of KTP_COLUMNS) for (const n of [c.header, ...c.aliases]) byName.set(normalizeHeader(n) || n, c.key);
  const keys: Array<string | null> = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const raw of cells) {
    const name = raw.trim();
    const norm = normalizeHeader(name) || name;
    if (name === '') { keys.push(null); continue; }
    const key = byName.get(norm);
    if (!key || seen.has(key)) { if (!key) unknown.push(name); keys.push(null); continue; }
    seen.add(key);
    keys.push(key);
  }
  const missing = KTP_COLUMNS.filter((c) => c.required && !seen.has(c.key)).map((c) => `«${c.header}»`);
  if (missing.length === 0) return { ok: true, keys };
  const parts = [`Нет обязательных столбцов: ${missing.join(', ')}.`];
  if (unknown.length) parts.push(`Неизвестные столбцы: ${unknown.map((u) => `«${u.slice(0, 40)}»`).join(', ')}.`);
  parts.push('Заголовки должны быть как в шаблоне: «№», «Раздел», «Тема урока», «Часы».');
  return { ok: false, message: parts.join(' ') };
}

/** Data rows (after the header) → topics in file order, or every bad line with why. Nothing is partial. */
export function topicsFromRows(keys: Array<string | null>, rows: ReadonlyArray<{ line: number; cells: string[] }>):
  | { ok: true; topics: TopicInput[] }
  | { ok: false; lines: LineError[] } {
  const topics: TopicInput[] = [];
  const lines: LineError[] = [];
  for (const row of rows) {
    const value: Record<string, string> = {};
    keys.forEach((k, i) => { if (k) value[k] = row.cells[i] ?? ''; });
    const v = validateTopic({ section: value.section, title: value.title, hours: value.hours });
    if (v.ok) topics.push(v.topic);
    else lines.push({ line: row.line, messages: Object.values(v.errors) });
  }
  if (topics.length === 0 && lines.length === 0) return { ok: false, lines: [{ line: 1, messages: ['В файле нет ни одной темы.'] }] };
  return lines.length ? { ok: false, lines } : { ok: true, topics };
}

export type LessonSlot = { id: string; cancelled: boolean; overridden: boolean };
export type PlannedTopic = { id: string; title: string; hours: number };
/** What a lesson gets from the КТП: a topic, or nothing (null) when the plan has run out or the lesson is cancelled. */
export type Assignment = { lessonId: string; topicId: string | null; title: string | null };

/**
 * Lays the КТП over the group's lessons (already in date / lesson-number order): a topic of N hours covers the next N
 * lessons. Cancelled lessons take no topic (and lose one taken before). A lesson whose topic the teacher overrode keeps
 * its own topic but still uses up its place in the plan (the teacher replaced that lesson's topic, the plan moves on),
 * so it gets no assignment. Lessons after the plan's last hour get null.
 */
export function assignTopics(lessons: readonly LessonSlot[], topics: readonly PlannedTopic[]): Assignment[] {
  const slots: PlannedTopic[] = [];
  for (const t of topics) for (let h = 0; h < t.hours; h++) slots.push(t);
  const out: Assignment[] = [];
  let next = 0;
  for (const lesson of lessons) {
    if (lesson.cancelled) {
      if (!lesson.overridden) out.push({ lessonId: lesson.id, topicId: null, title: null });
      continue;
    }
    const topic = slots[next];
    next += 1;
    if (lesson.overridden) continue;
    out.push({ lessonId: lesson.id, topicId: topic?.id ?? null, title: topic?.title ?? null });
  }
  return out;
}
