import type { Role } from '../modules/accounts/rules.ts';
import type { Actor } from './types.ts';

export type NavItem = { href: string; label: string };

/**
 * The navigation, one line per destination, with the roles that see it.
 * Each module adds its own pages here; a role sees only what it may open.
 */
const ITEMS: ReadonlyArray<NavItem & { roles: readonly Role[] | 'all' }> = [
  { href: '/', label: 'Главная', roles: 'all' },
  { href: '/operator/schools', label: 'Школы', roles: ['operator'] },
  { href: '/admin/members', label: 'Пользователи', roles: ['admin'] },
  { href: '/admin/logins', label: 'Журнал входов', roles: ['admin', 'deputy'] },
  { href: '/account', label: 'Профиль', roles: 'all' },
];

export function navigationFor(actor: Actor | null): NavItem[] {
  if (!actor || actor.mustChangePassword) return [];
  return ITEMS.filter((i) => i.roles === 'all' || i.roles.some((r) => actor.roles.includes(r))).map(({ href, label }) => ({ href, label }));
}
