// Consents to the processing of personal data (152-ФЗ): pure rules — purposes, who signs, what is optional (kept only with
// a consent) and what the law makes the school keep, what a withdrawal erases. No I/O.
import { ageOn } from '../people/rules.ts';

/** The secretary and the admin keep the consents (record, withdraw, export a person's data). */
export const CONSENT_KEEPERS = ['admin', 'secretary'] as const;

export function keepsConsents(roles: readonly string[]): boolean {
  return CONSENT_KEEPERS.some((r) => roles.includes(r));
}

/** The purposes a consent may cover, with the labels printed on the card and in the export. */
export const PURPOSES = {
  journal: 'ведение электронного журнала и дневника',
  contacts: 'контакты для связи (телефон, электронная почта, адрес)',
  alerts: 'уведомления семье (электронная почта, push-уведомления)',
  photo: 'фото и видео с мероприятий школы',
  publication: 'публикация результатов (олимпиады, конкурсы) на сайте школы',
} as const;
export type Purpose = keyof typeof PURPOSES;
export const PURPOSE_KEYS = Object.keys(PURPOSES) as Purpose[];

export function isPurpose(s: string): s is Purpose {
  return (PURPOSE_KEYS as string[]).includes(s);
}

/**
 * Optional data: kept only while a current consent covers its purpose, erased by the withdrawal that leaves it uncovered.
 * Contacts are fields of the card; alert settings, push subscriptions and the weekly digest's subscription are rows of the
 * alerts and diary modules (a guardian's own, or — alert settings — about a student).
 */
export const OPTIONAL_DATA = {
  phone: { label: 'телефон', purpose: 'contacts' },
  email: { label: 'электронная почта', purpose: 'contacts' },
  address: { label: 'адрес', purpose: 'contacts' },
  alertPrefs: { label: 'настройки уведомлений и адрес для них', purpose: 'alerts' },
  pushSubscriptions: { label: 'подписки на push-уведомления', purpose: 'alerts' },
  digestSubscription: { label: 'подписка на еженедельную сводку по почте', purpose: 'alerts' },
} as const satisfies Record<string, { label: string; purpose: Purpose }>;
export type OptionalData = keyof typeof OPTIONAL_DATA;
export const CONTACT_FIELDS = ['phone', 'email', 'address'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/**
 * What the law makes the school keep whatever the consent (273-ФЗ, приказ 582, the contingent book's rules): it stays
 * after a withdrawal, and the export says so.
 */
export const KEPT_BY_LAW = [
  'фамилия, имя, отчество, пол, дата рождения',
  'номер личного дела',
  'книга движения: зачисление, переводы, выбытие (приказы)',
  'отметки, итоговые отметки и посещаемость',
  'связи «родитель — ребёнок»',
  'журнал действий (аудит)',
] as const;

export type ConsentFacts = { givenOn: string; purposes: readonly string[]; withdrawnOn: string | null };

/** A consent is current from the day it was given until it is withdrawn. */
export function isCurrent(c: ConsentFacts, today: string): boolean {
  return c.withdrawnOn === null && c.givenOn <= today;
}

/** The purposes covered today by the person's current consents (the union of them). */
export function coveredPurposes(consents: readonly ConsentFacts[], today: string): Set<Purpose> {
  const out = new Set<Purpose>();
  for (const c of consents) if (isCurrent(c, today)) for (const p of c.purposes) if (isPurpose(p)) out.add(p);
  return out;
}

export type ConsentStatus = 'current' | 'withdrawn' | 'none';

/** current: a consent is on file; withdrawn: there were consents, none is current; none: never recorded. */
export function consentStatus(consents: readonly ConsentFacts[], today: string): ConsentStatus {
  if (consents.some((c) => isCurrent(c, today))) return 'current';
  return consents.some((c) => c.withdrawnOn !== null) ? 'withdrawn' : 'none';
}

export const STATUS_LABELS: Record<ConsentStatus, string> = {
  current: 'согласие есть', withdrawn: 'согласие отозвано', none: 'нет согласия',
};

/** What must be erased of the data present when only `covered` purposes remain. */
export function toErase(covered: ReadonlySet<Purpose>, present: ReadonlySet<OptionalData>): OptionalData[] {
  return (Object.keys(OPTIONAL_DATA) as OptionalData[]).filter((k) => present.has(k) && !covered.has(OPTIONAL_DATA[k].purpose));
}

/** The message shown beside a contact field that may not be saved. */
export const NO_CONSENT_FOR_CONTACTS =
  'Нет действующего согласия на обработку персональных данных с целью «контакты для связи»: '
  + 'оформьте согласие на карточке, затем укажите контакт.';

/** …on a new student's card: a minor's consent comes from a guardian, who is linked after the card exists. */
export const NO_CONSENT_NEW_STUDENT =
  'Контакты сохраняются только при согласии на обработку персональных данных: '
  + 'создайте карточку без них, добавьте родителя и запишите согласие.';

/** …on a new guardian's form: the consent may be recorded with the card (field «Согласие родителя»). */
export const NO_CONSENT_NEW_GUARDIAN =
  'Контакты сохраняются только при согласии: укажите документ согласия родителя ниже или оставьте поле пустым.';

/** The purposes of a consent recorded together with a new guardian's card. */
export const NEW_GUARDIAN_PURPOSES: Purpose[] = ['journal', 'contacts', 'alerts'];

/**
 * Contact fields the form would newly set (a new or changed non-empty value) though no current consent covers contacts.
 * A value left as it was is not refused (data kept from before consents were recorded stays until someone acts on it);
 * clearing a field is always allowed.
 */
export function refusedContacts(
  input: Readonly<Record<string, unknown>>,
  before: Partial<Record<ContactField, string | null>> | null,
  covered: ReadonlySet<Purpose>,
): ContactField[] {
  if (covered.has('contacts')) return [];
  return CONTACT_FIELDS.filter((f) => {
    const v = input[f];
    return typeof v === 'string' && v !== '' && v !== (before?.[f] ?? null);
  });
}

export type Signer = 'guardian' | 'self';
export const ADULT_AGE = 18;
export const COSIGN_AGE = 14;

/**
 * Who signs a student's consent: a legal representative (one of their guardians) for a minor or a student whose birth date
 * is unknown; the student themself at 18. A student of 14–17 may co-sign their representative's consent. A guardian signs
 * their own.
 */
export function studentSigner(birthDate: string | null, on: string): { signer: Signer; mayCosign: boolean } {
  if (!birthDate) return { signer: 'guardian', mayCosign: false };
  const age = ageOn(birthDate, on);
  if (age >= ADULT_AGE) return { signer: 'self', mayCosign: false };
  return { signer: 'guardian', mayCosign: age >= COSIGN_AGE };
}

export type ConsentInput = {
  givenOn: string; purposes: string[]; document: string; givenByGuardianId: string | null; studentCosigned: boolean;
};
export type ConsentErrors = Partial<Record<'givenOn' | 'purposes' | 'document' | 'givenByGuardianId' | 'studentCosigned', string>>;

/** Checks a consent about to be recorded; `subject` tells whose it is (a student: their birth date and guardians). */
export function checkConsent(
  input: ConsentInput,
  subject: { kind: 'student'; birthDate: string | null; guardianIds: readonly string[] } | { kind: 'guardian' },
  today: string,
): ConsentErrors {
  const errors: ConsentErrors = {};
  if (input.givenOn > today) errors.givenOn = 'Дата согласия не может быть в будущем.';
  if (input.purposes.length === 0) errors.purposes = 'Отметьте хотя бы одну цель обработки.';
  else if (!input.purposes.every(isPurpose)) errors.purposes = 'Выберите цели из списка.';
  if (input.document.trim() === '') errors.document = 'Укажите документ, например «Заявление № 12 от 01.09.2026».';
  else if (input.document.length > 200) errors.document = 'Документ: не больше 200 символов.';
  if (subject.kind === 'guardian') {
    if (input.givenByGuardianId || input.studentCosigned) errors.givenByGuardianId = 'Родитель даёт согласие сам за себя.';
    return errors;
  }
  const rule = studentSigner(subject.birthDate, input.givenOn);
  if (rule.signer === 'guardian') {
    if (!input.givenByGuardianId) errors.givenByGuardianId = 'За несовершеннолетнего согласие даёт законный представитель: выберите его.';
    else if (!subject.guardianIds.includes(input.givenByGuardianId)) errors.givenByGuardianId = 'Выберите родителя этого обучающегося.';
  } else if (input.givenByGuardianId) {
    errors.givenByGuardianId = 'Обучающийся совершеннолетний: согласие он даёт сам, без представителя.';
  }
  if (input.studentCosigned && !rule.mayCosign) errors.studentCosigned = 'Подпись самого обучающегося отмечается с 14 до 18 лет.';
  return errors;
}

export type WithdrawalInput = { withdrawnOn: string; document: string; reason: string };
export type WithdrawalErrors = Partial<Record<'withdrawnOn' | 'document', string>>;

/** A withdrawal: on a real day between the consent's and today, on a paper (the law asks for a written withdrawal). */
export function checkWithdrawal(input: WithdrawalInput, consent: ConsentFacts, today: string): WithdrawalErrors | 'already' {
  if (consent.withdrawnOn !== null) return 'already';
  const errors: WithdrawalErrors = {};
  if (input.withdrawnOn > today) errors.withdrawnOn = 'Дата отзыва не может быть в будущем.';
  else if (input.withdrawnOn < consent.givenOn) errors.withdrawnOn = 'Отзыв не может быть раньше самого согласия.';
  if (input.document.trim() === '') errors.document = 'Укажите документ об отзыве, например «Заявление об отзыве № 3 от 10.12.2026».';
  else if (input.document.length > 200) errors.document = 'Документ: не больше 200 символов.';
  return errors;
}
