// Pure rules of messages: who may write to whom about which child, which side of a thread an actor is, what a
// message and a subject may be, and how a recipient is described to a parent. No I/O here.

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

export type Side = 'guardian' | 'staff';

/** The actor's cards in the current school that can take part in threads (null when the role is missing). */
export type MessageSides = { guardianId: string | null; staffId: string | null };

/** A parent writes as their guardian card; a teacher or class teacher answers as their staff card. */
export function sidesOf(roles: readonly string[], person: { guardianId: string | null; staffId: string | null }): MessageSides {
  return {
    guardianId: roles.includes('parent') ? person.guardianId : null,
    staffId: roles.includes('teacher') || roles.includes('classTeacher') ? person.staffId : null,
  };
}

/** Which side of this thread the actor is; null — the thread is not theirs (answered 404). */
export function sideIn(thread: { guardianId: string; staffId: string }, me: MessageSides): Side | null {
  if (me.guardianId !== null && thread.guardianId === me.guardianId) return 'guardian';
  if (me.staffId !== null && thread.staffId === me.staffId) return 'staff';
  return null;
}

export const otherSide = (side: Side): Side => (side === 'guardian' ? 'staff' : 'guardian');

/** Unread for a side: a message of the other side written after the side last read the thread (all, if never). */
export function isUnread(message: { authorSide: string; createdAt: Date }, side: Side, readAt: Date | null): boolean {
  return message.authorSide !== side && (readAt === null || message.createdAt.getTime() > readAt.getTime());
}

/** A message's text as stored: line ends normalized, blank lines around it dropped; inner spacing kept. */
export function cleanBody(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return raw.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

/** The message at the field, or null when the text may be sent. */
export function bodyError(body: string): string | null {
  if (body.trim() === '') return 'Напишите сообщение';
  if (body.length > BODY_MAX) return `Сообщение длиннее ${BODY_MAX} символов`;
  return null;
}

/** A subject is one line: inner line breaks and runs of spaces become one space. */
export function cleanSubject(raw: unknown): string {
  return typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : '';
}

export function subjectError(subject: string): string | null {
  if (subject === '') return 'Укажите тему';
  if (subject.length > SUBJECT_MAX) return `Тема длиннее ${SUBJECT_MAX} символов`;
  return null;
}

/** One staff member the parent may write to about a child, with why: the subjects they teach the child, class teacher. */
export type Recipient = { staffId: string; name: string; subjects: string[]; classTeacher: boolean };

/** The school subjects in the genitive case («учитель математики»); others are named as they are. */
const GENITIVE: Record<string, string> = {
  'Русский язык': 'русского языка', 'Родной язык': 'родного языка', 'Литература': 'литературы', 'Литературное чтение': 'литературного чтения',
  'Английский язык': 'английского языка', 'Немецкий язык': 'немецкого языка', 'Французский язык': 'французского языка',
  'Математика': 'математики', 'Алгебра': 'алгебры', 'Геометрия': 'геометрии', 'Вероятность и статистика': 'вероятности и статистики',
  'Информатика': 'информатики', 'История': 'истории', 'Обществознание': 'обществознания', 'География': 'географии',
  'Биология': 'биологии', 'Физика': 'физики', 'Химия': 'химии', 'Окружающий мир': 'окружающего мира', 'Музыка': 'музыки',
  'Изобразительное искусство': 'изобразительного искусства', 'Труд (технология)': 'труда (технологии)', 'Технология': 'технологии',
  'Физическая культура': 'физической культуры', 'Основы безопасности и защиты Родины': 'основ безопасности и защиты Родины',
  'Олимпиадная математика': 'олимпиадной математики',
};

/** «учитель математики», «учитель русского языка и литературы», «учитель (предмет: Астрономия)». */
export function teacherOf(subjects: readonly string[]): string {
  if (subjects.length === 0) return '';
  const known = subjects.map((s) => GENITIVE[s]);
  if (known.every((g): g is string => g !== undefined)) {
    return `учитель ${known.length === 1 ? known[0] : `${known.slice(0, -1).join(', ')} и ${known[known.length - 1]}`}`;
  }
  return `учитель (${subjects.length === 1 ? 'предмет' : 'предметы'}: ${subjects.join(', ')})`;
}

/** How a recipient is offered to a parent: «классный руководитель, учитель истории». */
export function recipientRole(r: Pick<Recipient, 'subjects' | 'classTeacher'>): string {
  return [r.classTeacher ? 'классный руководитель' : '', teacherOf(r.subjects)].filter(Boolean).join(', ');
}

/** The class teacher first, then by the first subject taught, then by name. */
export function sortRecipients(list: Recipient[]): Recipient[] {
  return [...list].sort((a, b) => Number(b.classTeacher) - Number(a.classTeacher)
    || (a.subjects[0] ?? '').localeCompare(b.subjects[0] ?? '', 'ru') || a.name.localeCompare(b.name, 'ru'));
}

/** The recipient the form names, if the parent may write to them about this child; undefined otherwise. */
export function allowedRecipient(list: readonly Recipient[], staffId: unknown): Recipient | undefined {
  return typeof staffId === 'string' ? list.find((r) => r.staffId === staffId) : undefined;
}

/** «3 новых» etc. for the unread count. */
export function unreadLabel(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  const word = mod10 === 1 && mod100 !== 11 ? 'новое' : 'новых';
  return `${n} ${word}`;
}

/** A full name from a card: «Иванова Мария Александровна». */
export const fullName = (p: { lastName: string; firstName: string; middleName?: string | null }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
