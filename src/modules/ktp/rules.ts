// Pure rules of the КТП: what a topic may be, reading template rows, laying topics over lessons in order, and which
// lessons the plan may still change (never the journal's past).
import { normalizeHeader } from '../imports/headers.ts';
import { decideEdit } from '../journal/edit-rules.ts';

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

/** The plan hour by hour: a topic of N hours takes N places in a row. */
export function planSlots<T extends { hours: number }>(topics: readonly T[]): T[] {
  const slots: T[] = [];
  for (const t of topics) for (let h = 0; h < t.hours; h++) slots.push(t);
  return slots;
}

/**
 * Lays the КТП over the group's lessons (already in date / lesson-number order): a topic of N hours covers the next N
 * lessons. Cancelled lessons take no topic (and lose one taken before). A lesson whose topic the teacher overrode keeps
 * its own topic but still uses up its place in the plan (the teacher replaced that lesson's topic, the plan moves on),
 * so it gets no assignment. Lessons after the plan's last hour get null.
 */
export function assignTopics(lessons: readonly LessonSlot[], topics: readonly PlannedTopic[]): Assignment[] {
  const slots = planSlots(topics);
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

/** What the fill knows of a lesson: its place in the plan, what it holds now, and the journal's lock on it. */
export type FillLesson = LessonSlot & {
  date: string; topic: string | null; ktpTopicId: string | null; periodClosed: boolean; reopenedUntil: string | null;
};

/**
 * May the КТП set this lesson's topic? Only a lesson not given yet (dated after today) that the journal still lets its
 * own teacher change — not in a closed period unless a deputy reopened it: the lesson page's rule (decideEdit), so a
 * future lesson of a closed period stays as it is. (The edit window never ends before a future lesson's date.)
 */
export function planMayFill(l: Pick<FillLesson, 'date' | 'periodClosed' | 'reopenedUntil'>, today: string): boolean {
  if (l.date <= today) return false;
  return decideEdit({
    lessonRight: 'edit', roles: ['teacher'], lessonDate: l.date, today, editDays: 0,
    periodClosed: l.periodClosed, reopenedUntil: l.reopenedUntil, cancelled: false, what: 'plan',
  }).mode === 'edit';
}

export type FillChange = {
  lessonId: string; date: string;
  from: { topic: string | null; ktpTopicId: string | null }; to: { topic: string | null; ktpTopicId: string | null };
};

/**
 * What a fill changes: the plan laid over all the group's lessons in order (assignTopics — a lesson keeps its place
 * whether or not it may change), kept only for the lessons the plan may still fill (planMayFill) and the lesson `also`
 * (one the actor gives back to the КТП by hand, already checked against the journal's edit rules), and only where the
 * topic or its link differ. Lessons already given keep their topic and link.
 */
export function fillChanges(lessons: readonly FillLesson[], topics: readonly PlannedTopic[], today: string, also?: string): FillChange[] {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const out: FillChange[] = [];
  for (const a of assignTopics(lessons, topics)) {
    const l = byId.get(a.lessonId)!;
    if (a.lessonId !== also && !planMayFill(l, today)) continue;
    if (l.topic === a.title && l.ktpTopicId === a.topicId) continue;
    out.push({
      lessonId: l.id, date: l.date, from: { topic: l.topic, ktpTopicId: l.ktpTopicId }, to: { topic: a.title, ktpTopicId: a.topicId },
    });
  }
  return out;
}

/**
 * Which rows of the old КТП carry the new one (import, copy), so that a lesson already given keeps its link: a new topic
 * takes the row of an old topic of the same title (first unused, in order), then the remaining new topics take the
 * remaining old rows — the ones lessons still hold (`held`) first — in order. Rows left over are dropped.
 * Returns the row id for each new topic (null: a new row) and the rows to drop.
 */
export function reuseTopicRows(
  old: ReadonlyArray<{ id: string; title: string }>, next: ReadonlyArray<{ title: string }>, held: ReadonlySet<string>,
): { ids: Array<string | null>; drop: string[] } {
  const free = [...old];
  const take = (i: number) => free.splice(i, 1)[0]!.id;
  const ids: Array<string | null> = next.map((t) => {
    const i = free.findIndex((o) => sameTitle(o.title, t.title));
    return i < 0 ? null : take(i);
  });
  free.sort((a, b) => Number(held.has(b.id)) - Number(held.has(a.id)));
  for (const [k, id] of ids.entries()) if (id === null && free.length) ids[k] = take(0);
  return { ids, drop: free.map((o) => o.id) };
}

/** Two topic titles say the same (spaces and letter case aside, ё as е). */
export function sameTitle(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim().toLowerCase().replaceAll('ё', 'е');
  return norm(a) === norm(b);
}
