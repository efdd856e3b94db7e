// What importing staff lines will do to the school's staff (pure): create, update or leave each card.
import { fileNoKey, nameKey, phoneKey } from './rules.ts';
import type { LineError, StaffRow } from './validate.ts';

export const STAFF_FIELDS = [
  'lastName', 'firstName', 'middleName', 'sex', 'birthDate', 'position', 'category', 'rank', 'diplomaSpecialty', 'phone', 'email', 'externalId',
] as const;
export type StaffField = (typeof STAFF_FIELDS)[number];
export type StaffCard = { [K in StaffField]: string | null } & { lastName: string; firstName: string };
export type ExistingStaff = StaffCard & { id: string };

export type Change<F extends string> = { id: string; line: number; old: Partial<Record<F, string | null>>; set: Partial<Record<F, string | null>> };
export type LineOutcome = { line: number; name: string; action: 'create' | 'update' | 'same'; fields: string[] };

export type StaffPlan = {
  creates: Array<{ id: string; line: number; card: StaffCard }>;
  updates: Array<Change<StaffField>>;
  outcomes: LineOutcome[];
  errors: LineError[];
};

export const FIELD_TITLES: Record<string, string> = {
  lastName: 'фамилия', firstName: 'имя', middleName: 'отчество', sex: 'пол', birthDate: 'дата рождения', position: 'должность',
  category: 'категория', rank: 'разряд/звание', diplomaSpecialty: 'специальность', phone: 'телефон', email: 'эл. почта',
  externalId: 'табельный номер', personalFileNo: 'номер личного дела',
};

/** Two values of a field are the same: phones by their digits, e-mails without regard to case. */
export function sameValue(field: string, a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (/phone/i.test(field)) return phoneKey(a) === phoneKey(b);
  if (/email/i.test(field)) return a.toLowerCase() === b.toLowerCase();
  return false;
}

/** Fields the file gives (non-empty) that differ from the card; an empty cell never erases a value. */
export function diffFields<F extends string>(fields: readonly F[], current: Partial<Record<F, string | null>>, incoming: Partial<Record<F, string | null>>) {
  const old: Partial<Record<F, string | null>> = {};
  const set: Partial<Record<F, string | null>> = {};
  for (const f of fields) {
    const v = incoming[f];
    if (v === null || v === undefined || sameValue(f, current[f] ?? null, v)) continue;
    old[f] = current[f] ?? null;
    set[f] = v;
  }
  return { old, set, changed: Object.keys(set) as F[] };
}

export const fieldList = (fields: readonly string[]) => fields.map((f) => FIELD_TITLES[f] ?? f).join(', ');

const fio = (p: { lastName: string; firstName: string; middleName: string | null }) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const personBirthKey = (p: { lastName: string; firstName: string; middleName: string | null; birthDate: string | null }) =>
  `${nameKey(p.lastName, p.firstName, p.middleName)}|${p.birthDate ?? ''}`;

/**
 * Staff are found by Табельный номер when the line has one (a card without a number but with the same ФИО and
 * birth date gets the number), otherwise by ФИО + birth date.
 */
export function planStaff(rows: readonly StaffRow[], existing: readonly ExistingStaff[], newId: () => string): StaffPlan {
  const byExternal = new Map<string, ExistingStaff>();
  const byPerson = new Map<string, ExistingStaff[]>();
  for (const s of existing) {
    if (s.externalId) byExternal.set(fileNoKey(s.externalId), s);
    const k = personBirthKey(s);
    byPerson.set(k, [...(byPerson.get(k) ?? []), s]);
  }
  const plan: StaffPlan = { creates: [], updates: [], outcomes: [], errors: [] };
  const matchedBy = new Map<string, number>();
  for (const row of rows) {
    const candidates = byPerson.get(personBirthKey(row)) ?? [];
    const found = row.externalId
      ? byExternal.get(fileNoKey(row.externalId)) ?? candidates.find((s) => !s.externalId)
      : candidates[0];
    const { line, ...card } = row;
    if (!found) {
      plan.creates.push({ id: newId(), line, card });
      plan.outcomes.push({ line, name: fio(row), action: 'create', fields: [] });
      continue;
    }
    const earlier = matchedBy.get(found.id);
    if (earlier !== undefined) {
      plan.errors.push({ line, messages: [`это тот же сотрудник, что и в строке ${earlier} (${fio(found)})`] });
      continue;
    }
    matchedBy.set(found.id, line);
    const incoming = { ...card, externalId: row.externalId ?? null };
    const d = diffFields(STAFF_FIELDS, found, incoming);
    if (d.changed.length) plan.updates.push({ id: found.id, line, old: d.old, set: d.set });
    plan.outcomes.push({ line, name: fio(row), action: d.changed.length ? 'update' : 'same', fields: d.changed.length ? [fieldList(d.changed)] : [] });
  }
  return plan;
}
