// Form and query-string schemas of the people pages. Messages are Russian; the rules themselves live in rules.ts.
import { z } from 'zod';
import { parseDateInput } from '../../web/dates.ts';
import {
  checkBirthDate, checkNamePart, guardianAgeRule, isEmail, normalizePhone, normalizeSpaces, parseSnils, RELATIONS, SEXES, staffAgeRule,
  studentAgeRule, type AgeRule,
} from './rules.ts';

type Rule = AgeRule & { today: string };

const text = z.string({ error: 'Введите текст.' }).optional().default('');

function custom(ctx: z.RefinementCtx, message: string) {
  ctx.addIssue({ code: 'custom', message });
}

const requiredName = (what: string) => text.transform((v, ctx) => {
  const m = checkNamePart(v, what);
  if (m) custom(ctx, m);
  return normalizeSpaces(v);
});

const optionalName = text.transform((v, ctx) => {
  const s = normalizeSpaces(v);
  if (s === '') return null;
  const m = checkNamePart(s, 'отчество');
  if (m) custom(ctx, m);
  return s;
});

/** Free text, trimmed; '' is null. */
const optionalText = (max: number) => text.transform((v, ctx) => {
  const s = v.trim();
  if (s.length > max) custom(ctx, `Слишком длинно: не больше ${max} символов.`);
  return s === '' ? null : s;
});

const birthDate = (rule: Rule, required: boolean) => text.transform((v, ctx) => {
  const s = v.trim();
  if (s === '') {
    if (required) custom(ctx, 'Введите дату рождения.');
    return null;
  }
  const iso = parseDateInput(s.slice(0, 20));
  const m = iso ? checkBirthDate(iso, rule.today, rule) : 'Введите настоящую дату в виде ДД.ММ.ГГГГ.';
  if (m) custom(ctx, m);
  return iso;
});

const sex = (required: boolean) => text.transform((v, ctx) => {
  if (v === '' && !required) return null;
  if (!(SEXES as readonly string[]).includes(v)) custom(ctx, 'Выберите пол: м или ж.');
  return v as (typeof SEXES)[number];
});

const phone = text.transform((v, ctx) => {
  if (v.trim() === '') return null;
  const p = v.length <= 40 ? normalizePhone(v) : null;
  if (!p) custom(ctx, 'Телефон: цифры, можно с + в начале, например +7 916 123-45-67.');
  return p;
});

const email = text.transform((v, ctx) => {
  const s = v.trim();
  if (s === '') return null;
  if (!isEmail(s)) custom(ctx, 'Введите адрес электронной почты, например ivanova@example.ru.');
  return s;
});

/** СНИЛС, optional: stored as its 11 digits; a wrong check number is refused with the reason. */
const snils = text.transform((v, ctx) => {
  if (v.trim() === '') return null;
  const r = parseSnils(v.slice(0, 40));
  if (!r.ok) custom(ctx, r.message);
  return r.ok ? r.value : null;
});

export function staffForm(today: string) {
  return z.object({
    lastName: requiredName('фамилию'),
    firstName: requiredName('имя'),
    middleName: optionalName,
    sex: sex(true),
    birthDate: birthDate({ ...staffAgeRule(today), today }, false),
    position: optionalText(200),
    category: optionalText(200),
    rank: optionalText(300),
    diplomaSpecialty: optionalText(300),
    phone,
    email,
    externalId: optionalText(100),
    snils,
  });
}
export type StaffInput = z.output<ReturnType<typeof staffForm>>;

const contactFields = { phone, email, address: optionalText(500) };

/** The student card; contacts only when the school collects them (otherwise they are not even read). */
export function studentForm(opts: { today: string; yearStartsOn: string; contacts: boolean }) {
  const rule: Rule = { ...studentAgeRule(opts.yearStartsOn), today: opts.today };
  const card = z.object({
    lastName: requiredName('фамилию'),
    firstName: requiredName('имя'),
    middleName: optionalName,
    sex: sex(true),
    birthDate: birthDate(rule, true),
    personalFileNo: optionalText(50),
    snils,
  });
  return opts.contacts ? card.extend(contactFields) : card;
}
export type StudentInput = {
  lastName: string; firstName: string; middleName: string | null; sex: 'м' | 'ж' | null; birthDate: string | null;
  personalFileNo: string | null; snils: string | null; phone?: string | null; email?: string | null; address?: string | null;
};

export function guardianForm(opts: { today: string; contacts: boolean }) {
  const card = z.object({
    lastName: requiredName('фамилию'),
    firstName: requiredName('имя'),
    middleName: optionalName,
    sex: sex(false),
    birthDate: birthDate({ ...guardianAgeRule(opts.today), today: opts.today }, false),
    snils,
  });
  return opts.contacts ? card.extend(contactFields) : card;
}
export type GuardianInput = {
  lastName: string; firstName: string; middleName: string | null; sex: 'м' | 'ж' | null; birthDate: string | null; snils: string | null;
  phone?: string | null; email?: string | null; address?: string | null;
};

const relation = z.enum(RELATIONS, { error: 'Выберите, кем приходится обучающемуся.' });

/** A new guardian, linked to the student at once. */
export function newGuardianForm(opts: { today: string; contacts: boolean }) {
  return guardianForm(opts).extend({ relation, consentDocument: optionalText(200) });
}

export const linkGuardianForm = z.object({
  guardianId: z.uuid({ error: 'Выберите родителя из списка.' }),
  relation,
});

/** ?q= search text: trimmed, capped, '' means no search. */
export const searchQuery = z.object({
  q: z.string().optional().default('').transform((s) => normalizeSpaces(s).slice(0, 100)),
});

export const studentListQuery = searchQuery.extend({
  class: z.union([z.uuid(), z.literal('')]).optional().catch(undefined).transform((v) => v || undefined),
});

export const myClassQuery = z.object({
  class: z.uuid().optional().catch(undefined),
  date: z.string().optional().catch(undefined).transform((v) => (v ? parseDateInput(v.slice(0, 20)) ?? undefined : undefined)),
});

export const idParams = z.object({ id: z.uuid() });
export const linkParams = z.object({ id: z.uuid(), guardianId: z.uuid() });
