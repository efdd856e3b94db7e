// Forms of the consent pages: recording a consent and withdrawing one. Shapes only; the rules are in rules.ts.
import { z } from 'zod';
import { dateField } from '../../web/forms.ts';

const text = (max: number) => z.unknown().optional().transform((v) => (typeof v === 'string' ? v.trim().slice(0, max + 1) : ''));
const list = z.unknown().optional()
  .transform((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string'));
const checked = z.unknown().optional().transform((v) => v === 'on' || v === '1' || v === 'true');
const uuidOrNull = z.unknown().optional().transform((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : null));

export const consentForm = z.object({
  givenOn: dateField('Введите дату согласия в виде ДД.ММ.ГГГГ.'),
  purposes: list,
  document: text(200),
  givenByGuardianId: uuidOrNull,
  studentCosigned: checked,
});

export const withdrawalForm = z.object({
  withdrawnOn: dateField('Введите дату отзыва в виде ДД.ММ.ГГГГ.'),
  document: text(200),
  reason: text(500),
});

export const subjectParams = z.object({ id: z.uuid() });
export const consentParams = z.object({ id: z.uuid(), consentId: z.uuid() });
