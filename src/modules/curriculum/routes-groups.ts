// A teaching group: who is in it on a date (class history ∩ membership), who is not yet placed in a split,
// the membership history, the teachers by period; adding and removing members, assigning a teacher from a date.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext } from '../audit/queries.ts';
import { dateQuery, endMemberForm, memberForm, memberParams, teacherForm } from './forms.ts';
import { groupRosterOn } from './membership.ts';
import { classMembershipRows, listStaff, memberRows, splitSiblings, studentsOfYearOn, type Group } from './queries.ts';
import { activeOn, teacherOn, unassignedOn, writesCurriculum } from './rules.ts';
import { blankForm, exclusiveEnd, groupInScope, page, schoolIdOf, READ_GROUP, WRITE, type FormState } from './routes-common.ts';
import { addMember, assignTeacher, endMember } from './writes.ts';

type Found = NonNullable<Awaited<ReturnType<typeof groupInScope>>>;

export function registerGroupRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  /** Students of the split's class on the date who are in none of its subgroups. */
  async function unassigned(schoolId: string, group: Group, date: string) {
    if (group.kind !== 'subgroup' || !group.classId) return [];
    const siblings = await splitSiblings(db, { schoolId, classId: group.classId, subjectId: group.subjectId, lessonKind: group.lessonKind });
    const members = await memberRows(db, { schoolId, groupIds: siblings.map((s) => s.id) });
    const ids = new Set(unassignedOn({ classId: group.classId, date, memberships: await classMembershipRows(db, { schoolId, classId: group.classId }), splitMembers: members }));
    return (await studentsOfYearOn(db, { schoolId, yearId: group.yearId, date, classId: group.classId })).filter((s) => ids.has(s.id));
  }

  async function groupPage(request: FastifyRequest, reply: FastifyReply, found: Found, forms: { member?: FormState; teacher?: FormState; end?: FormState } = {}, status = 200) {
    const schoolId = schoolIdOf(request);
    const { group, teachers } = found;
    const date = dateQuery.parse(request.query ?? {}).date ?? todayOf(request);
    const roster = await groupRosterOn(db, { schoolId, groupId: group.id, date });
    const history = group.kind === 'class' ? [] : await memberRows(db, { schoolId, groupIds: [group.id] });
    const writer = writesCurriculum(request.actor!.roles);
    const inGroup = new Set(history.filter((m) => activeOn(m, date)).map((m) => m.studentId));
    const candidates = !writer || group.kind === 'class' ? []
      : (await studentsOfYearOn(db, { schoolId, yearId: group.yearId, date, ...(group.kind === 'cross_class' ? {} : { classId: group.classId ?? undefined }) }))
        .filter((s) => !inGroup.has(s.id));
    const teacherId = teacherOn(teachers, date);
    return page(reply, 'group', {
      title: group.name, group, date, roster, history, teachers, teacher: teachers.find((t) => t.staffId === teacherId) ?? null,
      unassigned: await unassigned(schoolId, group, date), candidates, staff: writer ? await listStaff(db, schoolId) : [],
      member: forms.member ?? blankForm({ startsOn: date }), teacherForm: forms.teacher ?? blankForm({ startsOn: date }),
      endForm: forms.end ?? blankForm({ endsOn: date }),
    }, status);
  }

  app.get('/curriculum/groups/:groupId', READ_GROUP, async (request, reply) => {
    const found = await groupInScope(db, request);
    return found ? groupPage(request, reply, found) : notFound(reply);
  });

  app.post('/curriculum/groups/:groupId/members', WRITE, async (request, reply) => {
    const found = await groupInScope(db, request);
    if (!found || found.group.kind === 'class') return notFound(reply);
    const form = parseForm(memberForm, request.body);
    if (!form.ok) return groupPage(request, reply, found, { member: form }, 422);
    const schoolId = schoolIdOf(request);
    const present = await studentsOfYearOn(db, { schoolId, yearId: found.group.yearId, date: form.data.startsOn,
      ...(found.group.kind === 'cross_class' ? {} : { classId: found.group.classId ?? undefined }) });
    const student = present.find((s) => s.id === form.data.studentId);
    const fail = (message: string) => groupPage(request, reply, found, { member: { values: keepValues(request.body), errors: { studentId: message } } }, 422);
    if (!student) return fail(found.group.kind === 'cross_class' ? 'Обучающийся не учится в школе на эту дату.' : 'Обучающийся не в этом классе на эту дату.');
    const problem = await addMember(db, auditContext(request), found.group, form.data);
    if (problem) return fail(problem);
    flash(reply, 'ok', `${student.name} в группе с ${form.data.startsOn.split('-').reverse().join('.')}.`);
    return reply.redirect(`/curriculum/groups/${found.group.id}`, 303);
  });

  app.post('/curriculum/groups/:groupId/members/:memberId/end', WRITE, async (request, reply) => {
    const found = await groupInScope(db, request);
    const p = memberParams.safeParse(request.params);
    if (!found || !p.success) return notFound(reply);
    const member = (await memberRows(db, { schoolId: schoolIdOf(request), groupIds: [found.group.id] })).find((m) => m.id === p.data.memberId);
    if (!member) return notFound(reply);
    const form = parseForm(endMemberForm, request.body);
    if (!form.ok) return groupPage(request, reply, found, { end: form }, 422);
    if (form.data.endsOn <= member.startsOn || (member.endsOn !== null && form.data.endsOn >= member.endsOn)) {
      return groupPage(request, reply, found, { end: { values: keepValues(request.body), errors: { endsOn: 'Дата выбытия должна быть позже даты включения и раньше прежней даты окончания.' } } }, 422);
    }
    await endMember(db, auditContext(request), member, form.data.endsOn);
    flash(reply, 'ok', `${member.name} выбывает из группы с ${form.data.endsOn.split('-').reverse().join('.')}.`);
    return reply.redirect(`/curriculum/groups/${found.group.id}`, 303);
  });

  app.post('/curriculum/groups/:groupId/teachers', WRITE, async (request, reply) => {
    const found = await groupInScope(db, request);
    if (!found) return notFound(reply);
    const form = parseForm(teacherForm, request.body);
    if (!form.ok) return groupPage(request, reply, found, { teacher: form }, 422);
    const fail = (field: string, message: string) => groupPage(request, reply, found, { teacher: { values: keepValues(request.body), errors: { [field]: message } } }, 422);
    if (!(await listStaff(db, schoolIdOf(request))).some((s) => s.id === form.data.staffId)) return fail('staffId', 'Выберите учителя из списка.');
    const { yearStartsOn, yearEndsOn } = found.group;
    if (form.data.startsOn < yearStartsOn || form.data.startsOn > yearEndsOn) return fail('startsOn', 'Дата должна быть внутри учебного года группы.');
    const problem = await assignTeacher(db, auditContext(request), found.group, { staffId: form.data.staffId, startsOn: form.data.startsOn, endsOn: exclusiveEnd(form.data.until) });
    if (problem) return fail('startsOn', problem);
    flash(reply, 'ok', 'Учитель назначен.');
    return reply.redirect(`/curriculum/groups/${found.group.id}`, 303);
  });
}
