// The home page's link to the messages, with the unread count, on the first card of a role that has messages.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../web/types.ts';
import { unreadTotal } from './queries.ts';
import { sidesOf, unreadLabel } from './rules.ts';

type Card = { role: string; links: Array<{ href: string; label: string }> };

export async function addMessagesLink(db: Db, actor: Actor, cards: Card[]): Promise<void> {
  const card = cards.find((c) => c.role === 'parent' || c.role === 'teacher' || c.role === 'classTeacher');
  if (!card || !actor.school) return;
  const n = await unreadTotal(db, { schoolId: actor.school.id, me: sidesOf(actor.roles, actor.person) });
  // A new array: the card's links are shared with the role's constant description.
  card.links = [...card.links, { href: '/messages', label: n > 0 ? `Сообщения (${unreadLabel(n)})` : 'Сообщения' }];
}
