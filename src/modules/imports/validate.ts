// Every line of a file checked against the template's rules (pure): the clean rows, or each bad line with its reasons.
import type { ImportKind } from './columns.ts';
import type { SheetRow } from './decode.ts';
import {
  checkBirthDate, checkEmail, checkKey, checkName, checkPhone, checkRelation, checkSex, checkText, classKey, cleanText,
  duplicateErrors, fileNoKey, LineErrors, nameKey, type Sex,
} from './rules.ts';

export type StaffRow = {
  line: number; lastName: string; firstName: string; middleName: string | null; sex: Sex | null; birthDate: string | null;
  position: string | null; category: string | null; rank: string | null; diplomaSpecialty: string | null;
  phone: string | null; email: string | null; externalId: string | null;
};

export type GuardianRow = {
  lastName: string; firstName: string; middleName: string | null; relation: string; phone: string | null; email: string | null;
  /** The document of the guardian's consent to the processing of personal data (their contacts are kept only with one). */
  consent?: string | null;
};

export type StudentRow = {
  line: number; lastName: string; firstName: string; middleName: string | null; sex: Sex; birthDate: string;
  personalFileNo: string; className: string | null; guardians: GuardianRow[];
};

export type LineError = { line: number; messages: string[] };

export type ValidateContext = {
  today: string;
  /** The current year's classes: classKey(name) → name; null when the school has no current year. */
  classes: Map<string, string> | null;
};

type Raw = Record<string, string>;

/** A data line as key → cleaned text; cells under no column must be empty. */
function rawOf(row: SheetRow, keys: ReadonlyArray<string | null>, errors: LineErrors): Raw {
  const raw: Raw = {};
  row.cells.forEach((cell, i) => {
    const value = cleanText(cell);
    const key = keys[i];
    if (key) raw[key] = value;
    else if (value !== '') errors.add(`значение «${value.slice(0, 40)}» в столбце ${i + 1}, у которого нет заголовка`);
  });
  return raw;
}

const get = (raw: Raw, key: string) => raw[key] ?? '';

export function validateStaffLine(raw: Raw, line: number, ctx: ValidateContext, e: LineErrors): StaffRow {
  const externalId = e.take(checkKey(get(raw, 'externalId'), 'Табельный номер', false));
  const birthDate = e.take(checkBirthDate(get(raw, 'birthDate'), { today: ctx.today, minAge: 16, maxAge: 100, required: false }));
  if (!externalId && get(raw, 'birthDate') === '') e.add('нужна дата рождения или табельный номер, чтобы повторный импорт нашёл этого сотрудника');
  return {
    line,
    lastName: e.take(checkName(get(raw, 'lastName'), 'Фамилия', true))!,
    firstName: e.take(checkName(get(raw, 'firstName'), 'Имя', true))!,
    middleName: e.take(checkName(get(raw, 'middleName'), 'Отчество', false)),
    sex: e.take(checkSex(get(raw, 'sex'), false)),
    birthDate,
    position: e.take(checkText(get(raw, 'position'), 'Должность')),
    category: e.take(checkText(get(raw, 'category'), 'Категория')),
    rank: e.take(checkText(get(raw, 'rank'), 'Разряд/звание')),
    diplomaSpecialty: e.take(checkText(get(raw, 'diplomaSpecialty'), 'Специальность по диплому')),
    phone: e.take(checkPhone(get(raw, 'phone'))),
    email: e.take(checkEmail(get(raw, 'email'))),
    externalId,
  };
}

function guardianOf(raw: Raw, n: 1 | 2, e: LineErrors): GuardianRow | null {
  const p = `g${n}`;
  const fields = ['LastName', 'FirstName', 'MiddleName', 'Relation', 'Phone', 'Email', 'Consent'].map((f) => get(raw, p + f));
  if (fields.every((v) => v === '')) return null;
  const label = `Родитель ${n}`;
  return {
    lastName: e.take(checkName(get(raw, `${p}LastName`), `${label} Фамилия`, true))!,
    firstName: e.take(checkName(get(raw, `${p}FirstName`), `${label} Имя`, true))!,
    middleName: e.take(checkName(get(raw, `${p}MiddleName`), `${label} Отчество`, false)),
    relation: e.take(checkRelation(get(raw, `${p}Relation`), `${label} Кем приходится`)),
    phone: e.take(checkPhone(get(raw, `${p}Phone`), `телефон родителя ${n}`)),
    email: e.take(checkEmail(get(raw, `${p}Email`), `эл. почта родителя ${n}`)),
    consent: e.take(checkText(get(raw, `${p}Consent`), `${label} Согласие`)),
  };
}

export function validateStudentLine(raw: Raw, line: number, ctx: ValidateContext, e: LineErrors): StudentRow {
  const classText = get(raw, 'className');
  let className: string | null = null;
  if (classText !== '') {
    if (!ctx.classes) e.add(`класс «${classText}» указать нельзя: в школе нет текущего учебного года`);
    else {
      className = ctx.classes.get(classKey(classText)) ?? null;
      if (!className) e.add(`класса «${classText}» нет в текущем учебном году`);
    }
  }
  const guardians = [guardianOf(raw, 1, e), guardianOf(raw, 2, e)].filter((g): g is GuardianRow => g !== null);
  const [g1, g2] = guardians;
  if (g1 && g2 && g1.lastName && g2.lastName && nameKey(g1.lastName, g1.firstName, g1.middleName) === nameKey(g2.lastName, g2.firstName, g2.middleName)) {
    e.add('родитель 2 совпадает с родителем 1');
  }
  return {
    line,
    lastName: e.take(checkName(get(raw, 'lastName'), 'Фамилия', true))!,
    firstName: e.take(checkName(get(raw, 'firstName'), 'Имя', true))!,
    middleName: e.take(checkName(get(raw, 'middleName'), 'Отчество', false)),
    sex: e.take(checkSex(get(raw, 'sex'), true))!,
    birthDate: e.take(checkBirthDate(get(raw, 'birthDate'), { today: ctx.today, minAge: 3, maxAge: 30, required: true }))!,
    personalFileNo: e.take(checkKey(get(raw, 'personalFileNo'), 'Номер личного дела', true))!,
    className,
    guardians,
  };
}

export type Validated =
  | { kind: 'staff'; rows: StaffRow[]; errors: LineError[] }
  | { kind: 'students'; rows: StudentRow[]; errors: LineError[] };

/** Checks every data line (the first row is the header, already matched to `keys`). */
export function validateRows(kind: ImportKind, dataRows: readonly SheetRow[], keys: ReadonlyArray<string | null>, ctx: ValidateContext): Validated {
  const perLine = new Map<number, string[]>();
  const rows: Array<StaffRow | StudentRow> = [];
  for (const row of dataRows) {
    const e = new LineErrors();
    const raw = rawOf(row, keys, e);
    const parsed = kind === 'staff' ? validateStaffLine(raw, row.line, ctx, e) : validateStudentLine(raw, row.line, ctx, e);
    if (e.errors.length) perLine.set(row.line, e.errors);
    rows.push(parsed);
  }
  const dups = kind === 'staff'
    ? [
      duplicateErrors(rows as StaffRow[], (r) => (r.externalId ? fileNoKey(r.externalId) : null), (r) => `табельный номер «${r.externalId}»`),
      duplicateErrors(rows as StaffRow[], (r) => (!r.externalId && r.lastName ? `${nameKey(r.lastName, r.firstName, r.middleName)}|${r.birthDate}` : null),
        (r) => `сотрудник ${[r.lastName, r.firstName, r.middleName].filter(Boolean).join(' ')} с той же датой рождения`),
    ]
    : [duplicateErrors(rows as StudentRow[], (r) => (r.personalFileNo ? fileNoKey(r.personalFileNo) : null), (r) => `номер личного дела «${r.personalFileNo}»`)];
  for (const d of dups) for (const [line, msg] of d) perLine.set(line, [...(perLine.get(line) ?? []), msg]);

  const errors = [...perLine].sort((a, b) => a[0] - b[0]).map(([line, messages]) => ({ line, messages }));
  const valid = rows.filter((r) => !perLine.has(r.line));
  return kind === 'staff' ? { kind, rows: valid as StaffRow[], errors } : { kind, rows: valid as StudentRow[], errors };
}
