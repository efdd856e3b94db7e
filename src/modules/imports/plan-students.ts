// What importing student lines will do (pure): student cards, their guardians and links, enrolments in classes.
import { diffFields, fieldList, type Change, type LineOutcome } from './plan-staff.ts';
import { classKey, fileNoKey, nameKey, phoneKey } from './rules.ts';
import type { GuardianRow, LineError, StudentRow } from './validate.ts';

export const STUDENT_FIELDS = ['lastName', 'firstName', 'middleName', 'sex', 'birthDate'] as const;
export const GUARDIAN_FIELDS = ['lastName', 'firstName', 'middleName', 'phone', 'email'] as const;
type StudentField = (typeof STUDENT_FIELDS)[number];
type GuardianField = (typeof GUARDIAN_FIELDS)[number];

export type ExistingStudent = { id: string; lastName: string; firstName: string; middleName: string | null; sex: string | null; birthDate: string | null; personalFileNo: string | null };
export type ExistingGuardian = { id: string; lastName: string; firstName: string; middleName: string | null; sex: string | null; phone: string | null; email: string | null };
export type StudentsState = {
  students: readonly ExistingStudent[];
  guardians: readonly ExistingGuardian[];
  links: ReadonlyArray<{ studentId: string; guardianId: string; relation: string }>;
  /** Memberships that have not ended by today (current or starting later). */
  memberships: ReadonlyArray<{ studentId: string; classId: string; className: string }>;
  /** The current year's classes. */
  classes: ReadonlyArray<{ id: string; name: string }>;
  /** Guardians with a current consent covering contacts (152-ФЗ): only theirs (or a line's with a consent) are kept. */
  consented?: ReadonlySet<string>;
};

export type NewStudent = { id: string; line: number; lastName: string; firstName: string; middleName: string | null; sex: string; birthDate: string; personalFileNo: string };
export type NewGuardian = { id: string; line: number; lastName: string; firstName: string; middleName: string | null; sex: string | null; phone: string | null; email: string | null };
export type StudentsPlan = {
  studentCreates: NewStudent[];
  studentUpdates: Array<Change<StudentField>>;
  guardianCreates: NewGuardian[];
  guardianUpdates: Array<Change<GuardianField>>;
  linkCreates: Array<{ studentId: string; guardianId: string; relation: string; line: number }>;
  linkUpdates: Array<{ studentId: string; guardianId: string; relation: string; oldRelation: string; line: number }>;
  enrolments: Array<{ studentId: string; classId: string; line: number }>;
  warnings: Array<{ line: number; message: string }>;
  /** Consents given in the file (column «Родитель N Согласие»): recorded for the guardian on apply. */
  consentCreates: Array<{ guardianId: string; document: string; line: number }>;
  outcomes: LineOutcome[];
  errors: LineError[];
};

const fio = (p: { lastName: string; firstName: string; middleName: string | null }) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const SEX_BY_RELATION: Record<string, string> = { мать: 'ж', отец: 'м', 'приёмная мать': 'ж', 'приёмный отец': 'м', бабушка: 'ж', дедушка: 'м', тётя: 'ж', дядя: 'м', брат: 'м', сестра: 'ж' };

/** Same last and first name; middle names equal, or one of them unknown. */
export function sameName(a: { lastName: string; firstName: string; middleName: string | null }, b: { lastName: string; firstName: string; middleName: string | null }): boolean {
  if (nameKey(a.lastName, a.firstName) !== nameKey(b.lastName, b.firstName)) return false;
  const am = nameKey(a.middleName);
  const bm = nameKey(b.middleName);
  return am === '' || bm === '' || am === bm;
}

/** The school's guardians indexed by ФИО + phone and by ФИО + e-mail, so siblings share their parents. */
class GuardianIndex {
  private readonly map = new Map<string, ExistingGuardian[]>();
  private keys(g: { lastName: string; firstName: string; phone: string | null; email: string | null }): string[] {
    const name = nameKey(g.lastName, g.firstName);
    const out: string[] = [];
    if (phoneKey(g.phone)) out.push(`${name}|t${phoneKey(g.phone)}`);
    if (g.email) out.push(`${name}|e${g.email.toLowerCase()}`);
    return out;
  }
  add(g: ExistingGuardian): void {
    for (const k of this.keys(g)) this.map.set(k, [...(this.map.get(k) ?? []), g]);
  }
  find(g: GuardianRow): ExistingGuardian | undefined {
    for (const k of this.keys(g)) {
      const hit = this.map.get(k)?.find((c) => sameName(c, g));
      if (hit) return hit;
    }
    return undefined;
  }
}

/** The state of the school as the plan goes line by line (guardians created or changed by earlier lines included). */
class StudentsPlanner {
  readonly plan: StudentsPlan = {
    studentCreates: [], studentUpdates: [], guardianCreates: [], guardianUpdates: [], linkCreates: [], linkUpdates: [], enrolments: [],
    warnings: [], consentCreates: [], outcomes: [], errors: [],
  };
  private readonly studentsByFile: Map<string, ExistingStudent>;
  private readonly guardianById: Map<string, ExistingGuardian>;
  private readonly index = new GuardianIndex();
  private readonly linksOf = new Map<string, Map<string, string>>();
  private readonly classOf = new Map<string, string[]>();
  private readonly classByKey: Map<string, { id: string; name: string }>;
  private readonly className: Map<string, string>;
  private readonly guardianChanges = new Map<string, Change<GuardianField>>();
  private readonly createdGuardians = new Map<string, NewGuardian>();
  private readonly consented: ReadonlySet<string>;
  private readonly noContacts: Array<{ line: number; name: string }> = [];

  constructor(state: StudentsState, private readonly newId: () => string) {
    this.consented = state.consented ?? new Set();
    this.studentsByFile = new Map(state.students.filter((s) => s.personalFileNo).map((s) => [fileNoKey(s.personalFileNo!), s]));
    this.guardianById = new Map(state.guardians.map((g) => [g.id, { ...g }]));
    for (const g of this.guardianById.values()) this.index.add(g);
    for (const l of state.links) this.linksOf.set(l.studentId, (this.linksOf.get(l.studentId) ?? new Map()).set(l.guardianId, l.relation));
    for (const m of state.memberships) this.classOf.set(m.studentId, [...(this.classOf.get(m.studentId) ?? []), m.classId]);
    this.classByKey = new Map(state.classes.map((c) => [classKey(c.name), c]));
    this.className = new Map([...state.memberships.map((m) => [m.classId, m.className] as const), ...state.classes.map((c) => [c.id, c.name] as const)]);
  }

  line(row: StudentRow): void {
    const found = this.studentsByFile.get(fileNoKey(row.personalFileNo));
    const studentId = found?.id ?? this.newId();
    const fields: string[] = [];
    if (!found) {
      const { line, className: _c, guardians: _g, ...card } = row;
      this.plan.studentCreates.push({ id: studentId, line, ...card });
    } else {
      const d = diffFields(STUDENT_FIELDS, found, row);
      if (d.changed.length) {
        this.plan.studentUpdates.push({ id: found.id, line: row.line, old: d.old, set: d.set });
        fields.push(fieldList(d.changed));
      }
    }
    const linked = this.linksOf.get(studentId) ?? new Map<string, string>();
    this.linksOf.set(studentId, linked);
    for (const g of row.guardians) this.guardian(row.line, studentId, linked, g, fields);
    if (row.className) this.enrol(row, studentId, Boolean(found), fields);
    this.plan.outcomes.push({ line: row.line, name: fio(row), action: !found ? 'create' : fields.length ? 'update' : 'same', fields });
  }

  /** The student's own guardian by ФИО, else the school's by ФИО + phone/e-mail, else a new one; then the link. */
  private guardian(line: number, studentId: string, linked: Map<string, string>, g: GuardianRow, fields: string[]): void {
    const own = [...linked.keys()].map((id) => this.guardianById.get(id)).find((c) => c && sameName(c, g));
    let guardian = own ?? this.index.find(g);
    if (!guardian) {
      const created: NewGuardian = { id: this.newId(), line, lastName: g.lastName, firstName: g.firstName, middleName: g.middleName, sex: SEX_BY_RELATION[g.relation] ?? null, phone: g.phone, email: g.email };
      this.plan.guardianCreates.push(created);
      this.createdGuardians.set(created.id, created);
      guardian = { ...created };
      this.guardianById.set(guardian.id, guardian);
      this.index.add(guardian);
      fields.push(`новый родитель ${fio(g)}`);
    } else {
      this.updateGuardian(line, guardian, g, fields);
    }
    const relation = linked.get(guardian.id);
    if (relation === undefined) {
      this.plan.linkCreates.push({ studentId, guardianId: guardian.id, relation: g.relation, line });
      if (!fields.some((f) => f.includes(fio(g)))) fields.push(`связь с родителем ${fio(guardian)}`);
    } else if (relation !== g.relation) {
      this.plan.linkUpdates.push({ studentId, guardianId: guardian.id, relation: g.relation, oldRelation: relation, line });
      fields.push(`родитель ${fio(guardian)}: кем приходится`);
    }
    linked.set(guardian.id, g.relation);
    if (g.consent && !this.plan.consentCreates.some((c) => c.guardianId === guardian!.id)) {
      this.plan.consentCreates.push({ guardianId: guardian.id, document: g.consent, line });
    }
  }

  /**
   * Contacts are kept only with a consent (152-ФЗ): a new guardian with none in the file keeps no phone or e-mail from it
   * (matching siblings by them still works within the file); the report says so once, with the first names.
   */
  dropUnconsentedContacts(): void {
    const allowed = new Set([...this.consented, ...this.plan.consentCreates.map((c) => c.guardianId)]);
    for (const g of this.plan.guardianCreates) {
      if (allowed.has(g.id) || (!g.phone && !g.email)) continue;
      g.phone = null;
      g.email = null;
      this.noContacts.push({ line: g.line, name: fio(g) });
    }
    const first = this.noContacts[0];
    if (!first) return;
    const names = this.noContacts.slice(0, 5).map((n) => `${n.name} (строка ${n.line})`).join(', ');
    this.plan.warnings.push({
      line: first.line,
      message: `Телефон и почта не сохранены у ${this.noContacts.length} родителей: нет согласия на обработку персональных данных `
        + `(столбец «Родитель N Согласие»). ${names}${this.noContacts.length > 5 ? ' и другие' : ''}.`,
    });
  }

  private updateGuardian(line: number, guardian: ExistingGuardian, g: GuardianRow, fields: string[]): void {
    // An existing guardian's contacts change only with a consent on file or given on this line (152-ФЗ).
    const mayKeep = this.consented.has(guardian.id) || Boolean(g.consent) || this.createdGuardians.has(guardian.id);
    const row = mayKeep ? g : { ...g, phone: guardian.phone, email: guardian.email };
    const contactsChanged = diffFields(['phone', 'email'] as const, guardian, g).changed.length > 0;
    if (!mayKeep && contactsChanged) this.noContacts.push({ line, name: fio(guardian) });
    const d = diffFields(GUARDIAN_FIELDS, guardian, row);
    if (d.changed.length === 0) return;
    Object.assign(guardian, d.set);
    this.index.add(guardian);
    const created = this.createdGuardians.get(guardian.id);
    if (created) {
      // A guardian created by an earlier line of this file: the later line completes the same new card.
      Object.assign(created, d.set);
      return;
    }
    let change = this.guardianChanges.get(guardian.id);
    if (!change) {
      change = { id: guardian.id, line, old: {}, set: {} };
      this.guardianChanges.set(guardian.id, change);
      this.plan.guardianUpdates.push(change);
    }
    for (const f of d.changed) {
      if (!(f in change.old)) change.old[f] = d.old[f] ?? null;
      change.set[f] = d.set[f] ?? null;
    }
    fields.push(`родитель ${fio(guardian)}: ${fieldList(d.changed)}`);
  }

  /** A student in no class is enrolled; one in another class only gets a warning (transfers are orders). */
  private enrol(row: StudentRow, studentId: string, existed: boolean, fields: string[]): void {
    const target = this.classByKey.get(classKey(row.className!));
    const current = this.classOf.get(studentId) ?? [];
    if (!target) {
      this.plan.errors.push({ line: row.line, messages: [`класса «${row.className}» нет в текущем учебном году`] });
    } else if (current.length === 0) {
      this.plan.enrolments.push({ studentId, classId: target.id, line: row.line });
      this.classOf.set(studentId, [target.id]);
      if (existed) fields.push(`зачисление в ${target.name}`);
    } else if (!current.includes(target.id)) {
      const names = current.map((id) => this.className.get(id) ?? 'другом классе').join(', ');
      this.plan.warnings.push({ line: row.line, message: `${fio(row)} уже в классе ${names}, а в файле — ${target.name}. Класс не изменится: перевод оформляется приказом.` });
    }
  }
}

/**
 * Students are found by Номер личного дела. A line's guardian is one of that student's guardians with the same ФИО,
 * else a guardian of the school with the same ФИО and phone (or e-mail) — linked, never duplicated.
 * A student in no class is enrolled in the line's class; one already in another class only gets a warning.
 */
export function planStudents(rows: readonly StudentRow[], state: StudentsState, newId: () => string): StudentsPlan {
  const planner = new StudentsPlanner(state, newId);
  for (const row of rows) planner.line(row);
  planner.dropUnconsentedContacts();
  return planner.plan;
}
