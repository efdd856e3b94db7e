// The credential slips page: rendered straight from a POST, the only place the one-time passwords ever appear.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { currentClassNames } from './class-queries.ts';
import { childrenOf, schoolLetterhead } from './members.ts';
import { slipPages, slipRoleLine } from './provision-rules.ts';
import type { Credential } from './provisioning.ts';
import { ROLE_TITLES, type SchoolRole } from './rules.ts';
import { LINK_CODE_DAYS } from './oidc/link-codes.ts';

/** linkCode: the one-time code that links a provider's account (oidc/), new with every slip printed. */
export type Slip = { fullName: string; roleLine: string; login: string; password: string; linkCode: string };

/** The address people type to reach the site: from the request, as the class teacher's browser used it. */
export function siteAddress(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Slips for issued credentials: a staff member's roles, a guardian's children, a student's class. */
export async function slipsFor(db: Db, schoolId: string, creds: readonly Credential[], today: string): Promise<Slip[]> {
  const ids = (key: keyof Credential['links']) => creds.map((c) => c.links[key]).filter((id): id is string => id !== null);
  const children = await childrenOf(db, { schoolId, guardianIds: ids('guardianId') });
  const classes = await currentClassNames(db, { schoolId, studentIds: ids('studentId'), today });
  return creds.map((c) => {
    const parts: string[] = [];
    const staffRoles = c.roles.filter((r) => r !== 'parent' && r !== 'student');
    if (c.links.staffId || (staffRoles.length > 0 && !c.links.guardianId && !c.links.studentId)) {
      parts.push(slipRoleLine({ kind: 'staff', roles: staffRoles.map((r) => ROLE_TITLES[r]) }));
    }
    const g = c.links.guardianId;
    if (g) parts.push(slipRoleLine({ kind: 'guardian', children: children.filter((ch) => ch.guardianId === g).map((ch) => ch.fullName) }));
    const s = c.links.studentId;
    if (s) parts.push(slipRoleLine({ kind: 'student', className: classes.get(s) ?? null }));
    return { fullName: c.fullName, login: c.login, password: c.password, roleLine: parts.join('; '), linkCode: c.linkCode };
  });
}

/** Renders the printable slips (A4, 8 per page). `back` is where the page's links lead. */
export async function renderSlips(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  p: { title: string; slips: Slip[]; back: { href: string; label: string }; note?: string },
) {
  const schoolId = request.school.id;
  const school = await schoolLetterhead(db, { schoolId });
  // The passwords are in this response only: never cached, never kept.
  reply.header('cache-control', 'no-store');
  return reply.page('accounts/slips', {
    linkCodeDays: LINK_CODE_DAYS, title: p.title, pages: slipPages(p.slips), count: p.slips.length, school, site: siteAddress(request), back: p.back, note: p.note ?? null,
  });
}

/** A member (from getMember) with a freshly reset password → a credential for its slip. */
export function credentialOf(
  m: { id: string; fullName: string; login: string; roles: readonly SchoolRole[]; staffId: string | null; guardianId: string | null; studentId: string | null },
  issued: { password: string; linkCode: string },
): Credential {
  return { membershipId: m.id, fullName: m.fullName, login: m.login, password: issued.password, linkCode: issued.linkCode, roles: m.roles, links: { staffId: m.staffId, guardianId: m.guardianId, studentId: m.studentId } };
}
