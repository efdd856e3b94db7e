// /messages: a parent writes to a teacher of their child or to the class teacher, the staff member answers. A thread is
// about one child. A parent sees only their own threads; a staff member only the threads addressed to them. Students,
// secretaries and administrators have no messages (403); another family's or another school's thread answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { dateTimeOf, todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import type { Access } from '../../web/types.ts';
import { diaryChildren, type DiaryChild } from '../diary/access.ts';
import { parseNewThread, parseReply, type FormState } from './forms.ts';
import { listThreads, readAtOf, recipientsFor, threadMessages, threadOf, type ThreadRow } from './queries.ts';
import { allowedRecipient, isUnread, recipientRole, sidesOf, unreadLabel, type Recipient } from './rules.ts';
import { addMessage, createThread, markRead } from './writes.ts';

const READ: { config: { access: Access } } = { config: { access: ['parent', 'teacher', 'classTeacher'] } };
const PARENT: { config: { access: Access } } = { config: { access: ['parent'] } };

const EMPTY: FormState = { values: {}, errors: {} };

function scope(request: FastifyRequest) {
  const actor = request.actor!;
  return { schoolId: request.school.id, me: sidesOf(actor.roles, actor.person), date: todayOf(request), accountId: actor.accountId };
}

/** The parent's children in the current school (as their guardian card), for «Написать». */
async function myChildren(db: Db, request: FastifyRequest): Promise<DiaryChild[]> {
  const { schoolId, me } = scope(request);
  if (!me.guardianId) return [];
  return (await diaryChildren(db, request.actor!.accountId)).filter((c) => c.schoolId === schoolId && c.guardianId === me.guardianId);
}

const childLabel = (c: { lastName: string; firstName: string; className: string | null }) =>
  `${c.lastName} ${c.firstName}${c.className ? `, ${c.className}` : ''}`;
const threadChild = (t: ThreadRow) => `${t.studentName}${t.className ? `, ${t.className}` : ''}`;
const heading = (unread: number) => (unread > 0 ? `Сообщения (${unread})` : 'Сообщения');

export function registerMessageRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/messages', READ, async (request, reply) => {
    const s = scope(request);
    const threads = await listThreads(db, s);
    const unread = threads.reduce((n, t) => n + t.unread, 0);
    return reply.page('messages/index', {
      title: heading(unread), heading: heading(unread), canWrite: s.me.guardianId !== null,
      threads: threads.map((t) => ({
        id: t.id, subject: t.subject, child: threadChild(t), at: dateTimeOf(request, t.lastMessageAt), unread: t.unread, unreadText: unreadLabel(t.unread),
        other: t.side === 'guardian' ? `Кому: ${t.staffName}` : `От: ${t.guardianName}${t.relation ? ` (${t.relation})` : ''}`,
      })),
    });
  });

  /** The form: a child (from ?student=), then whom to write to, the subject and the message. */
  async function renderNew(request: FastifyRequest, reply: FastifyReply, child: DiaryChild, recipients: Recipient[], form: FormState, status = 200) {
    const children = await myChildren(db, request);
    return reply.page('messages/new', {
      title: 'Новое сообщение', form, child: { id: child.studentId, label: childLabel(child) },
      others: children.filter((c) => c.studentId !== child.studentId).map((c) => ({ id: c.studentId, label: childLabel(c) })),
      recipients: recipients.map((r) => ({ staffId: r.staffId, name: r.name, role: recipientRole(r) })),
    }, status);
  }

  app.get('/messages/new', PARENT, async (request, reply) => {
    const children = await myChildren(db, request);
    const wanted = (request.query as { student?: unknown }).student;
    if (wanted === undefined || wanted === '') {
      if (children.length === 1) return reply.redirect(`/messages/new?student=${children[0]!.studentId}`, 303);
      return reply.page('messages/pick-child', { title: 'Новое сообщение', children: children.map((c) => ({ id: c.studentId, label: childLabel(c) })) });
    }
    const child = children.find((c) => c.studentId === wanted);
    if (!child) return notFound(reply);
    const s = scope(request);
    const recipients = await recipientsFor(db, { ...s, studentId: child.studentId, exclude: s.me.staffId });
    return renderNew(request, reply, child, recipients, EMPTY);
  });

  app.post('/messages', PARENT, async (request, reply) => {
    const s = scope(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const child = (await myChildren(db, request)).find((c) => c.studentId === body.studentId);
    if (!child || !s.me.guardianId) return notFound(reply);
    const recipients = await recipientsFor(db, { ...s, studentId: child.studentId, exclude: s.me.staffId });
    const parsed = parseNewThread(body);
    const recipient = allowedRecipient(recipients, body.staffId);
    if (!parsed.ok || !recipient) {
      const form = parsed.ok ? { values: { ...parsed.data }, errors: {} } : parsed.form;
      if (!recipient && !form.errors.staffId) form.errors.staffId = 'Выберите получателя из списка';
      return renderNew(request, reply, child, recipients, form, 422);
    }
    const threadId = await createThread(db, {
      schoolId: s.schoolId, studentId: child.studentId, guardianId: s.me.guardianId, staffId: recipient.staffId,
      subject: parsed.data.subject, body: parsed.data.body, accountId: s.accountId,
    });
    flash(reply, 'ok', `Сообщение отправлено: ${recipient.name}.`);
    return reply.redirect(`/messages/${threadId}`, 303);
  });

  /** The thread with its messages (new ones marked), then it is read up to the newest message shown. */
  async function renderThread(request: FastifyRequest, reply: FastifyReply, thread: ThreadRow, form: FormState, status = 200) {
    const { schoolId } = scope(request);
    const list = await threadMessages(db, { schoolId, threadId: thread.id });
    const readAt = await readAtOf(db, { schoolId, threadId: thread.id, side: thread.side });
    const last = list[list.length - 1];
    if (last) await markRead(db, { schoolId, threadId: thread.id, side: thread.side, messageId: last.id });
    return reply.page('messages/thread', {
      title: thread.subject, form,
      thread: {
        id: thread.id, subject: thread.subject, child: threadChild(thread), staffName: thread.staffName,
        guardianName: `${thread.guardianName}${thread.relation ? ` (${thread.relation})` : ''}`,
      },
      messages: list.map((m) => ({
        author: m.authorSide === 'guardian' ? thread.guardianName : thread.staffName, mine: m.authorSide === thread.side,
        at: dateTimeOf(request, m.createdAt), body: m.body, isNew: isUnread(m, thread.side, readAt),
      })),
    }, status);
  }

  const threadParam = (request: FastifyRequest) => String((request.params as { threadId?: string }).threadId ?? '');

  app.get('/messages/:threadId', READ, async (request, reply) => {
    const thread = await threadOf(db, { ...scope(request), threadId: threadParam(request) });
    if (!thread) return notFound(reply);
    return renderThread(request, reply, thread, EMPTY);
  });

  app.post('/messages/:threadId', READ, async (request, reply) => {
    const s = scope(request);
    const thread = await threadOf(db, { ...s, threadId: threadParam(request) });
    if (!thread) return notFound(reply);
    const parsed = parseReply(request.body);
    if (!parsed.ok) return renderThread(request, reply, thread, parsed.form, 422);
    await addMessage(db, { schoolId: s.schoolId, threadId: thread.id, side: thread.side, accountId: s.accountId, body: parsed.data.body });
    flash(reply, 'ok', 'Сообщение отправлено.');
    return reply.redirect(`/messages/${thread.id}#last`, 303);
  });
}
