// Matching a file's header row to a template's columns: any order, case and spaces ignored.
import { columnsOf, KIND_TITLES, type Column, type ImportKind } from './columns.ts';

/** 'Пол (м/ж)' → 'пол'; 'Эл. почта' → 'элпочта'; 'Родитель 1: Фамилия' → 'родитель1фамилия'. */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/\([^)]*\)/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export type HeaderMatch =
  | { ok: true; keys: Array<string | null> }
  | { ok: false; message: string };

function lookup(columns: readonly Column[]): Map<string, Column> {
  const map = new Map<string, Column>();
  for (const c of columns) for (const name of [c.header, ...(c.aliases ?? [])]) map.set(normalizeHeader(name), c);
  return map;
}

const quote = (xs: string[]) => xs.map((x) => `«${x}»`).join(', ');

/**
 * The key of each column of the file (null for an empty header cell), or one message naming
 * every unknown, repeated and missing required column.
 */
export function matchHeaders(cells: readonly string[], kind: ImportKind): HeaderMatch {
  const byName = lookup(columnsOf(kind));
  const keys: Array<string | null> = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  for (const raw of cells) {
    const name = raw.trim();
    const norm = normalizeHeader(name);
    if (norm === '') { keys.push(null); continue; }
    const column = byName.get(norm);
    if (!column) { unknown.push(name); keys.push(null); continue; }
    if (seen.has(column.key)) { repeated.push(column.header); keys.push(null); continue; }
    seen.add(column.key);
    keys.push(column.key);
  }
  const missing = columnsOf(kind).filter((c) => c.required && !seen.has(c.key)).map((c) => c.header);
  if (unknown.length === 0 && repeated.length === 0 && missing.length === 0) return { ok: true, keys };

  const parts: string[] = [];
  if (unknown.length) parts.push(`${unknown.length === 1 ? 'Неизвестный столбец' : 'Неизвестные столбцы'}: ${quote(unknown)}.`);
  if (repeated.length) parts.push(`${repeated.length === 1 ? 'Повторяется столбец' : 'Повторяются столбцы'}: ${quote(repeated)}.`);
  if (missing.length) parts.push(`${missing.length === 1 ? 'Нет обязательного столбца' : 'Нет обязательных столбцов'}: ${quote(missing)}.`);
  const other: ImportKind = kind === 'staff' ? 'students' : 'staff';
  const fitsOther = unknown.length > 0 && matchHeadersLoosely(cells, other);
  parts.push(fitsOther
    ? `Похоже, это файл вида «${KIND_TITLES[other]}», а выбран импорт «${KIND_TITLES[kind]}».`
    : 'Заголовки должны быть как в шаблоне (порядок столбцов любой). Скачайте шаблон и сравните.');
  return { ok: false, message: parts.join(' ') };
}

/** Every non-empty header is a column of this kind and its required columns are present. */
function matchHeadersLoosely(cells: readonly string[], kind: ImportKind): boolean {
  const byName = lookup(columnsOf(kind));
  const found = new Set<string>();
  for (const raw of cells) {
    const norm = normalizeHeader(raw);
    if (norm === '') continue;
    const column = byName.get(norm);
    if (!column) return false;
    found.add(column.key);
  }
  return columnsOf(kind).every((c) => !c.required || found.has(c.key));
}
