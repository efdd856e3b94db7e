// Demo messages of school № 1: the demo parent (Морозова) asked the maths teacher (Иванова) about Дмитрий's homework
// 14 hours ago, the teacher answered 2 hours ago; the parent has not read the answer yet (one unread).
import { and, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { memberships } from '../../modules/accounts/schema.ts';
import { messageReads, messages, messageThreads } from '../../modules/messages/schema.ts';
import type { BuiltSchool } from './builder.ts';

const HOUR = 3_600_000;

export async function seedDemoMessages(db: Db, built: Pick<BuiltSchool, 'schoolId' | 'staff' | 'guardians' | 'students'>): Promise<void> {
  const { schoolId } = built;
  const guardianId = built.guardians.get('parent');
  const staffId = built.staff.get('teacher');
  const studentId = built.students.get('student');
  if (!guardianId || !staffId || !studentId) throw new Error('seedDemoMessages: the Morozov family or the maths teacher is missing');
  const now = Date.now();
  const asked = new Date(now - 14 * HOUR);
  const answered = new Date(now - 2 * HOUR);
  await withSchool(db, schoolId, async (tx) => {
    const accountOf = async (link: SQL) => (await tx.select({ id: memberships.accountId }).from(memberships)
      .where(and(eq(memberships.schoolId, schoolId), link)))[0]?.id ?? null;
    const parentAccount = await accountOf(eq(memberships.guardianId, guardianId));
    const teacherAccount = await accountOf(eq(memberships.staffId, staffId));
    const [thread] = await tx.insert(messageThreads).values({
      schoolId, studentId, guardianId, staffId, subject: 'Домашнее задание по математике', createdAt: asked, lastMessageAt: answered,
    }).returning({ id: messageThreads.id });
    const threadId = thread!.id;
    await tx.insert(messages).values([
      { schoolId, threadId, authorSide: 'guardian', authorAccountId: parentAccount, createdAt: asked,
        body: 'Мария Александровна, здравствуйте!\nДмитрий говорит, что не записал домашнее задание на завтра. Подскажите, пожалуйста, какие номера нужно решить?' },
      { schoolId, threadId, authorSide: 'staff', authorAccountId: teacherAccount, createdAt: answered,
        body: 'Здравствуйте, Анна Игоревна!\nЗадание всегда есть в электронном дневнике: на странице недели, у урока математики. Если будут вопросы, Дмитрий может подойти ко мне на перемене.' },
    ]);
    await tx.insert(messageReads).values([
      { schoolId, threadId, side: 'guardian', readAt: asked },
      { schoolId, threadId, side: 'staff', readAt: answered },
    ]);
  });
}
