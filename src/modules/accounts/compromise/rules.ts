// Pure rules of the compromise response (seed 003 §4.3–4.4: what a compromised account did after the breach is void):
// which audited changes of the account can be undone, and whether someone changed the same thing again later.
// No I/O: the audit rows come in, units (one per thing changed: a mark cell, a lesson's topic, a card's field) go out.
import { localDateTimeInput, zonedMoment } from '../../../web/dates.ts';

/** The reason written on every audit row of a restore. */
export const COMPROMISE_REASON = 'компрометация учётной записи';

/** How far back the list starts when the admin does not say: 7 days. */
export const DEFAULT_DAYS_BACK = 7;

/**
 * One audit row, as the rules need it (the actor's name for «изменено позже: кем»). `seq` is the row's place in the school's
 * hash chain: the order rows were written in (`at` is the start of their transaction, which may come out of order).
 */
export type AuditStep = {
  id: string; seq: number; at: Date; actorAccountId: string | null; actorName: string | null; actorLogin: string | null;
  requestId: string | null; entity: string; entityId: string; action: string; oldValue: unknown; newValue: unknown; reason: string | null;
};

/**
 * What kind of thing a unit is. The journal's cells and a card's fields are restored; 'manual' ones are listed for the
 * admin to check by hand (orders of the contingent book, new cards, links of parents, lesson columns, anything else).
 */
export type UnitKind = 'mark' | 'attendance' | 'reason' | 'individualHomework' | 'lessonField' | 'periodMark' | 'cardField' | 'manual';

/** A thing the account changed: an audit entity, its id and, for a lesson or a card, a field (group). */
export type UnitRef = { key: string; kind: UnitKind; entity: string; entityId: string; field: string | null };

/** The lesson's fields restored together: a topic with its «own topic» flag, a homework with its minutes. */
export const LESSON_FIELDS: Record<string, readonly string[]> = {
  topic: ['topic', 'topicOverridden'], workDone: ['workDone'], homework: ['homework', 'homeworkMinutes'], controlWork: ['controlWork'],
};
const LESSON_FIELD_OF: Record<string, string> = Object.fromEntries(
  Object.entries(LESSON_FIELDS).flatMap(([group, fields]) => fields.map((f) => [f, group])),
);

/** The fields of a person's card that a restore may set back (as the card forms write them). */
export const CARD_FIELDS: Record<string, readonly string[]> = {
  staff: ['lastName', 'firstName', 'middleName', 'sex', 'birthDate', 'position', 'category', 'rank', 'diplomaSpecialty', 'phone', 'email', 'externalId'],
  student: ['lastName', 'firstName', 'middleName', 'sex', 'birthDate', 'personalFileNo', 'phone', 'email', 'address'],
  guardian: ['lastName', 'firstName', 'middleName', 'sex', 'birthDate', 'phone', 'email', 'address'],
};

const CELL_KINDS: Record<string, UnitKind> = {
  mark: 'mark', attendance: 'attendance', attendance_reason: 'reason', individual_homework: 'individualHomework', period_mark: 'periodMark',
};

/** Audit rows that are no change of their own: the first «attendance taken» follows from saving attendance. */
const SIDE_EFFECTS = new Set(['lesson:attendance_taken']);

const ref = (kind: UnitKind, entity: string, entityId: string, field: string | null = null): UnitRef =>
  ({ key: `${entity}|${entityId}|${field ?? ''}`, kind, entity, entityId, field });

const objectKeys = (v: unknown): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);

/** The units an audit row touches: none (a side effect), one (a cell, a manual row) or one per field (lesson, card). */
export function unitsOf(step: Pick<AuditStep, 'id' | 'entity' | 'entityId' | 'action' | 'oldValue' | 'newValue'>): UnitRef[] {
  const { entity, entityId, action } = step;
  if (SIDE_EFFECTS.has(`${entity}:${action}`)) return [];
  const cell = CELL_KINDS[entity];
  if (cell) return [ref(cell, entity, entityId)];
  if (entity === 'lesson' && (action === 'update' || action === 'topic')) {
    const fields = [...new Set([...objectKeys(step.oldValue), ...objectKeys(step.newValue)])].map((f) => (f === 'overridden' ? 'topicOverridden' : f));
    const groups = [...new Set(fields.map((f) => LESSON_FIELD_OF[f]).filter((g): g is string => g !== undefined))];
    // A lost link to a КТП row alone (the КТП was edited) is no value a person sees: nothing to restore.
    return groups.map((g) => ref('lessonField', entity, entityId, g));
  }
  const card = CARD_FIELDS[entity];
  if (card && action === 'update') {
    const fields = [...new Set([...objectKeys(step.oldValue), ...objectKeys(step.newValue)])];
    return fields.map((f) => ref(card.includes(f) ? 'cardField' : 'manual', entity, entityId, f));
  }
  return [ref('manual', entity, entityId, `#${step.id}`)];
}

/**
 * The keys whose changes by someone else count as "changed again later" for a unit: an absence and its reason are one
 * cell (the class teacher's reason on an absence the account set must not be dropped silently).
 */
export function conflictKeys(u: UnitRef): string[] {
  if (u.kind === 'attendance' || u.kind === 'reason') return [`attendance|${u.entityId}|`, `attendance_reason|${u.entityId}|`];
  return [u.key];
}

/** A unit's part of an audited value: the whole value of a cell, or the unit's fields of a lesson or a card. */
export function partOf(u: UnitRef, value: unknown): unknown {
  if (u.kind === 'lessonField') {
    const o = (value ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of LESSON_FIELDS[u.field!] ?? []) {
      const v = f === 'topicOverridden' && !(f in o) ? o.overridden : o[f];
      if (v !== undefined) out[f] = v;
    }
    return out;
  }
  if (u.kind === 'cardField' || (u.kind === 'manual' && u.field && !u.field.startsWith('#'))) {
    const o = (value ?? {}) as Record<string, unknown>;
    return o[u.field!] ?? null;
  }
  return value ?? null;
}

/** Values as JSON compares them: key order does not matter; null, undefined and a missing key are one. */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => {
    if (v === undefined || v === null) return null;
    if (Array.isArray(v)) return v.map(norm);
    if (typeof v === 'object') {
      const kept = Object.entries(v).filter(([, x]) => x !== undefined && x !== null).sort(([x], [y]) => x.localeCompare(y));
      return Object.fromEntries(kept.map(([k, x]) => [k, norm(x)]));
    }
    return v;
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** For each field of a lesson unit, the value of the first (old) or last (new) row that carries it. */
function mergeFields(u: UnitRef, steps: readonly AuditStep[], side: 'oldValue' | 'newValue'): unknown {
  if (u.kind !== 'lessonField') return partOf(u, (side === 'oldValue' ? steps[0]! : steps.at(-1)!)[side]);
  const ordered = side === 'oldValue' ? steps : [...steps].reverse();
  const out: Record<string, unknown> = {};
  for (const s of ordered) {
    for (const [k, v] of Object.entries(partOf(u, s[side]) as Record<string, unknown>)) if (!(k in out)) out[k] = v;
  }
  return out;
}

export type Later = { by: string; login: string | null; at: Date };

/**
 * - 'restorable': the account's change stands; restoring sets `old` back;
 * - 'conflict': someone else changed it again after the account did (`later`): not overwritten;
 * - 'restored': already set back by a compromise response (`later` says who and when);
 * - 'unchanged': the account's changes cancel out (5 → 4 → 5): nothing to restore;
 * - 'manual': the admin checks it by hand (a link where there is a page).
 */
export type UnitStatus = 'restorable' | 'conflict' | 'restored' | 'unchanged' | 'manual';

export type Unit = UnitRef & {
  /** The account's own rows on this unit, oldest first. */
  steps: AuditStep[];
  /** When the account first and last changed it (school time on the page); `lastSeq` orders the list, newest first. */
  first: Date; last: Date; lastSeq: number;
  /** The value before the account's first change in the window, and after its last. */
  old: unknown; new: unknown;
  status: UnitStatus;
  later: Later | null;
  /** The account's requests that wrote it: a mark typed over «н» wrote the mark and the attendance in one request. */
  requestIds: string[];
};

const laterOf = (s: AuditStep): Later => ({ by: s.actorName ?? '—', login: s.actorLogin, at: s.at });

/**
 * Groups the account's rows (`mine`, in the window) into units and decides each one's status against every row on the
 * same things since the window's start (`all`, anyone's, including `mine`). Newest change first.
 */
export function planUnits(accountId: string, mine: readonly AuditStep[], all: readonly AuditStep[]): Unit[] {
  const byKey = new Map<string, { ref: UnitRef; steps: AuditStep[] }>();
  for (const s of [...mine].sort(bySeq)) {
    for (const r of unitsOf(s)) {
      const g = byKey.get(r.key) ?? { ref: r, steps: [] };
      g.steps.push(s);
      byKey.set(r.key, g);
    }
  }
  const others = new Map<string, AuditStep[]>();
  for (const s of all) {
    if (s.actorAccountId === accountId) continue;
    for (const r of unitsOf(s)) others.set(r.key, [...(others.get(r.key) ?? []), s]);
  }
  const units: Unit[] = [];
  for (const { ref: r, steps } of byKey.values()) {
    const first = steps[0]!;
    const last = steps.at(-1)!;
    const after = conflictKeys(r).flatMap((k) => others.get(k) ?? []).filter((s) => s.seq > first.seq).sort(bySeq);
    const old = mergeFields(r, steps, 'oldValue');
    const now = mergeFields(r, steps, 'newValue');
    const status = decide(r, after, last, old, now);
    units.push({
      ...r, steps, first: first.at, last: last.at, lastSeq: last.seq, old, new: now, status: status.status, later: status.later,
      requestIds: [...new Set(steps.map((s) => s.requestId).filter((x): x is string => x !== null))],
    });
  }
  return units.sort((a, b) => b.lastSeq - a.lastSeq || a.key.localeCompare(b.key));
}

const bySeq = (a: AuditStep, b: AuditStep) => a.seq - b.seq;

function decide(r: UnitRef, after: readonly AuditStep[], last: AuditStep, old: unknown, now: unknown): { status: UnitStatus; later: Later | null } {
  if (r.kind === 'manual') return { status: 'manual', later: null };
  const latest = after.at(-1);
  if (latest) {
    const restore = latest.reason === COMPROMISE_REASON && latest.seq > last.seq;
    return { status: restore ? 'restored' : 'conflict', later: laterOf(latest) };
  }
  return { status: sameValue(old, now) ? 'unchanged' : 'restorable', later: null };
}

/** The lesson and student of a journal cell unit ('lesson:student…'), to keep a cell's mark and attendance together. */
export function cellOf(u: UnitRef): string | null {
  if (u.kind !== 'mark' && u.kind !== 'attendance' && u.kind !== 'reason') return null;
  const [lessonId, studentId] = u.entityId.split(':');
  return `${lessonId}:${studentId}`;
}

/**
 * The units to restore: the restorable ones selected (every restorable one for «Отменить все»), plus the restorable units
 * of the same cell written by the same request (a mark typed over «н» removed the absence: both come back together).
 */
export function unitsToRestore(units: readonly Unit[], selected: ReadonlySet<string> | 'all'): Unit[] {
  const restorable = units.filter((u) => u.status === 'restorable');
  if (selected === 'all') return restorable;
  const picked = new Set(restorable.filter((u) => selected.has(u.key)).map((u) => u.key));
  for (const u of restorable) {
    if (picked.has(u.key)) continue;
    const partner = restorable.find((p) => picked.has(p.key) && cellOf(p) !== null && cellOf(p) === cellOf(u)
      && p.requestIds.some((id) => u.requestIds.includes(id)));
    if (partner) picked.add(u.key);
  }
  return restorable.filter((u) => picked.has(u.key));
}

/** The order a restore writes in: marks first (an absence restored into column 1 must find its mark gone), then the rest. */
const RESTORE_ORDER: Record<UnitKind, number> = {
  mark: 0, attendance: 1, reason: 2, individualHomework: 3, lessonField: 4, periodMark: 5, cardField: 6, manual: 7,
};
export const restoreOrder = (a: UnitRef, b: UnitRef) => RESTORE_ORDER[a.kind] - RESTORE_ORDER[b.kind];

export type SinceInput = { ok: true; since: Date; text: string } | { ok: false; text: string; message: string };

/** The «since» field: absent or empty → 7 days before now; else a date and time in the school's zone (anything else: a message). */
export function parseSince(raw: unknown, now: Date, timeZone: string): SinceInput {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (raw === undefined || (typeof raw === 'string' && text === '')) {
    const minute = 60_000;
    const since = new Date(Math.floor((now.getTime() - DEFAULT_DAYS_BACK * 86_400_000) / minute) * minute);
    return { ok: true, since, text: localDateTimeInput(since, timeZone) };
  }
  const since = text.length <= 25 ? zonedMoment(text, timeZone) : null;
  if (!since) return { ok: false, text: text.slice(0, 40), message: 'Укажите дату и время, например 16.11.2026 10:00.' };
  return { ok: true, since, text: localDateTimeInput(since, timeZone) };
}

/**
 * The units to restore, in groups written together or not at all: the units of one journal cell (a lesson's student:
 * marks, attendance, reason) form one group, checked as a whole; every other unit is a group of its own.
 */
export function restoreGroups(units: readonly Unit[]): Unit[][] {
  const groups = new Map<string, Unit[]>();
  for (const u of units) {
    const k = cellOf(u) ?? u.key;
    groups.set(k, [...(groups.get(k) ?? []), u]);
  }
  return [...groups.values()].map((g) => [...g].sort(restoreOrder));
}
