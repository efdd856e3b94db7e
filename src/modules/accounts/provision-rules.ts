// Pure rules for issuing and managing accounts: which roles an admin assigns, who manages a class's accounts,
// how credential slips are laid out. No I/O.
import type { SchoolRole } from './rules.ts';

/** Roles an admin ticks for a staff account; classTeacher follows the classes, parent/student the person links. */
export const ASSIGNABLE_ROLES = ['admin', 'deputy', 'teacher', 'secretary'] as const satisfies readonly SchoolRole[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export function isAssignable(role: string): role is AssignableRole {
  return (ASSIGNABLE_ROLES as readonly string[]).includes(role);
}

/** The ticked checkboxes of a form (one value or several) → known assignable roles, in the canonical order. */
export function pickRoles(raw: unknown): AssignableRole[] {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const set = new Set(values.filter((v): v is string => typeof v === 'string'));
  return ASSIGNABLE_ROLES.filter((r) => set.has(r));
}

/**
 * New stored roles of a membership: the ticked staff roles plus the roles that come from its person links
 * (a parent stays a parent). classTeacher is never stored: it is derived from the classes.
 */
export function nextRoles(current: readonly string[], ticked: readonly AssignableRole[]): SchoolRole[] {
  const kept = current.filter((r): r is SchoolRole => r === 'parent' || r === 'student');
  return [...ticked, ...kept];
}

/** Why this change of roles is refused (Russian), or null. */
export function rolesChangeProblem(p: { self: boolean; hasStaffCard: boolean; current: readonly string[]; ticked: readonly AssignableRole[] }): string | null {
  if (p.self && p.current.includes('admin') && !p.ticked.includes('admin')) {
    return 'Нельзя снять роль администратора с самого себя: попросите об этом другого администратора школы.';
  }
  const familyRoles = p.current.some((r) => r === 'parent' || r === 'student');
  if (p.ticked.length === 0 && (p.hasStaffCard || !familyRoles)) return 'Отметьте хотя бы одну роль.';
  return null;
}

/** The facts deciding who manages the accounts of a class. */
export type ClassScopeFacts = {
  isAdmin: boolean;
  staffId: string | null;
  currentYearId: string | null;
};

/** Admin: any class of the current year. Class teacher: the classes of the current year they lead. */
export function canManageClassAccounts(actor: ClassScopeFacts, cls: { yearId: string; classTeacherId: string | null }): boolean {
  if (!actor.currentYearId || cls.yearId !== actor.currentYearId) return false;
  if (actor.isAdmin) return true;
  return actor.staffId !== null && cls.classTeacherId === actor.staffId;
}

export const SLIPS_PER_PAGE = 8;

/** Slips grouped by printed A4 page. */
export function slipPages<T>(slips: readonly T[], perPage = SLIPS_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < slips.length; i += perPage) pages.push(slips.slice(i, i + perPage));
  return pages;
}

/** The role line of a slip: "обучающийся, 5А класс" or "родитель ученика: Морозов Дмитрий Сергеевич". */
export function slipRoleLine(who: { kind: 'student'; className: string | null } | { kind: 'guardian'; children: readonly string[] } | { kind: 'staff'; roles: readonly string[] }): string {
  if (who.kind === 'student') return who.className ? `обучающийся, ${who.className} класс` : 'обучающийся';
  if (who.kind === 'staff') return who.roles.join(', ') || 'сотрудник';
  if (who.children.length === 0) return 'родитель (законный представитель)';
  return `${who.children.length === 1 ? 'родитель ученика' : 'родитель учеников'}: ${who.children.join(', ')}`;
}
