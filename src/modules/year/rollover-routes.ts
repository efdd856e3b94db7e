// GET /year/rollover?from= — the preview of the next year built from a closed one (dates and periods editable, holidays
// to review, every class before → after, every count); POST /year/rollover — apply it, all or nothing (admin only).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { desc, and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { isIsoDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { getYear, otherYears } from '../setup/queries.ts';
import { checkPeriod, checkYear } from '../setup/rules.ts';
import { academicYears } from '../setup/schema.ts';
import { applyRollover, RolloverRefused, type Choices } from './rollover-apply.ts';
import { buildPlan, rolledYear, staffChoices, type Plan, type Year } from './rollover-model.ts';

const fromQuery = z.object({ from: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()) });
const body = z.record(z.string(), z.unknown());

async function sourceYear(request: FastifyRequest, id: string | undefined): Promise<Year | undefined | null> {
  const schoolId = request.school.id;
  if (id) return (await getYear(request.tx, { schoolId, yearId: id })) ?? undefined;
  const [latest] = await request.tx.select().from(academicYears)
    .where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.status, 'closed'))).orderBy(desc(academicYears.startsOn)).limit(1);
  return latest ?? null;
}

type Form = { values: Record<string, string>; errors: Record<string, string> };

function defaults(plan: Plan): Record<string, string> {
  const v: Record<string, string> = { ...plan.dates };
  plan.schemes.forEach((s, i) => s.periods.forEach((p) => {
    v[`p_${i}_${p.ordinal}_start`] = p.startsOn;
    v[`p_${i}_${p.ordinal}_end`] = p.endsOn;
  }));
  for (const c of plan.classes) v[`teacher_${c.key}`] = c.classTeacherId ?? '';
  return v;
}

async function render(request: FastifyRequest, reply: FastifyReply, from: Year | null, form?: Form, status = 200) {
  if (!from || from.status !== 'closed') return reply.page('year/rollover', { title: 'Переход на новый учебный год', from, plan: null }, status);
  const schoolId = request.school.id;
  const plan = await buildPlan(request.tx, { schoolId, year: from });
  const done = await rolledYear(request.tx, { schoolId, yearId: from.id });
  const staff = await staffChoices(request.tx, schoolId);
  const names = new Map(plan.source.map((c) => [c.id, c.name]));
  return reply.page('year/rollover', {
    title: `Переход на новый учебный год из ${from.name}`, from, plan, done, staff, names,
    form: form ?? { values: defaults(plan), errors: {} },
  }, status);
}

export async function rolloverPage(request: FastifyRequest, reply: FastifyReply) {
  const q = fromQuery.safeParse(request.query);
  if (!q.success) return notFound(reply);
  const from = await sourceYear(request, q.data.from);
  return from === undefined ? notFound(reply) : render(request, reply, from);
}

/** The admin's edits of the preview, checked like the year and period forms of the setup pages. */
function readChoices(plan: Plan, values: Record<string, string>, others: Array<{ name: string; startsOn: string; endsOn: string }>, creating: boolean) {
  const errors: Record<string, string> = {};
  // A second run reuses the year made by the first: its dates are not asked again.
  if (!creating) return { errors, choices: { name: '', startsOn: '', endsOn: '', periods: new Map(), teachers: new Map() } satisfies Choices };
  const date = (key: string) => {
    const v = (values[key] ?? '').trim();
    if (!isIsoDate(v)) errors[key] = 'Укажите дату.';
    return v;
  };
  const name = (values.name ?? '').trim().slice(0, 100);
  if (!name) errors.name = 'Укажите название года.';
  const year = { name, startsOn: date('startsOn'), endsOn: date('endsOn') };
  if (Object.keys(errors).length === 0) Object.assign(errors, checkYear(year, others));
  const periods: Choices['periods'] = new Map();
  plan.schemes.forEach((s, i) => {
    const rows = s.periods.map((p) => ({ ordinal: p.ordinal, name: p.name, startsOn: date(`p_${i}_${p.ordinal}_start`), endsOn: date(`p_${i}_${p.ordinal}_end`) }));
    if (!errors.startsOn && !errors.endsOn) {
      for (const r of rows) {
        const e = checkPeriod(r, year, rows.filter((o) => o !== r));
        if (e.startsOn) errors[`p_${i}_${r.ordinal}_start`] ??= e.startsOn;
        if (e.endsOn) errors[`p_${i}_${r.ordinal}_end`] ??= e.endsOn;
        if (e.ordinal) errors[`p_${i}_${r.ordinal}_start`] ??= e.ordinal;
      }
    }
    periods.set(s.name, new Map(rows.map((r) => [r.ordinal, { startsOn: r.startsOn, endsOn: r.endsOn }])));
  });
  const teachers: Choices['teachers'] = new Map();
  for (const c of plan.classes) {
    const v = values[`teacher_${c.key}`];
    if (v !== undefined) teachers.set(c.key, z.uuid().safeParse(v).success ? v : null);
  }
  return { errors, choices: { ...year, periods, teachers } satisfies Choices };
}

export async function rolloverPost(request: FastifyRequest, reply: FastifyReply) {
  const raw = body.safeParse(request.body ?? {});
  const values = Object.fromEntries(Object.entries(raw.success ? raw.data : {}).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  if (!z.uuid().safeParse(values.fromId).success) return notFound(reply);
  const from = await sourceYear(request, values.fromId);
  if (from === undefined || from === null) return notFound(reply);
  if (from.status !== 'closed') return render(request, reply, from, undefined, 422);
  const schoolId = request.school.id;
  const plan = await buildPlan(request.tx, { schoolId, year: from });
  const creating = !(await rolledYear(request.tx, { schoolId, yearId: from.id }));
  const others = await otherYears(request.tx, { schoolId });
  const { errors, choices } = readChoices(plan, values, others, creating);
  if (Object.keys(errors).length) return render(request, reply, from, { values, errors }, 422);
  const staffIds = new Set((await staffChoices(request.tx, schoolId)).map((s) => s.id));
  for (const [k, v] of choices.teachers) if (v && !staffIds.has(v)) choices.teachers.set(k, null);
  let done;
  try {
    done = await applyRollover(request.tx, auditContext(request), { from, plan, choices });
  } catch (err) {
    if (!(err instanceof RolloverRefused)) throw err;
    return render(request, reply, from, { values, errors: { _form: err.problems.join(' ') } }, 422);
  }
  flash(reply, 'ok', done.createdYear || done.classes + done.placed > 0
    ? `Учебный год ${choices.name} создан: классов ${done.classes}, переведено ${done.placed}, групп ${done.groups}. Проверьте учебный план, группы и каникулы.`
    : 'Переход уже выполнен: повторный запуск ничего не изменил.');
  return reply.redirect(`/year/rollover?from=${from.id}`, 303);
}
