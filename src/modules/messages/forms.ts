// The message forms, parsed by zod with the rules' limits and Russian messages at the fields.
import { z } from 'zod';
import { parseForm, type FieldErrors } from '../../web/forms.ts';
import { bodyError, cleanBody, cleanSubject, subjectError } from './rules.ts';

const checked = (clean: (v: unknown) => string, error: (v: string) => string | null) =>
  z.unknown().transform(clean).superRefine((v, ctx) => {
    const message = error(v);
    if (message) ctx.addIssue({ code: 'custom', message });
  });

const bodyField = checked(cleanBody, bodyError);

export const replyForm = z.object({ body: bodyField });

export const newThreadForm = z.object({
  staffId: z.string({ error: 'Выберите, кому написать' }).trim().min(1, 'Выберите, кому написать'),
  subject: checked(cleanSubject, subjectError),
  body: bodyField,
});

export type FormState = { values: Record<string, string>; errors: FieldErrors };

/** The typed values to show again: the message in full (to be shortened, not lost), the rest as typed. */
export function typedValues(body: unknown): Record<string, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { staffId: str(b.staffId), subject: str(b.subject).slice(0, 1000), body: str(b.body) };
}

export function parseReply(body: unknown) {
  const r = parseForm(replyForm, body);
  return r.ok ? r : { ok: false as const, form: { values: typedValues(body), errors: r.errors } satisfies FormState };
}

export function parseNewThread(body: unknown) {
  const r = parseForm(newThreadForm, body);
  return r.ok ? r : { ok: false as const, form: { values: typedValues(body), errors: r.errors } satisfies FormState };
}
