// users.csv, roles.csv and demographics.csv from the export's people (people.ts).
import type { ExportContext } from './context.ts';
import { people, type Person } from './people.ts';
import { derivedId, gradeCode, listCell, sexCode } from './rules.ts';
import type { Row } from './spec.ts';

/** userIds: «{type:id}» tokens; the characters that delimit them are replaced inside the id. */
const token = (type: string, id: string | null): string | null => (id ? `{${type}:${id.replace(/[{}:,]/g, '_')}}` : null);

/**
 * A user: username is the login when the account is this card's own, else (no account, or the account's other card)
 * the card's sourcedId — the column is required. enabledUser: an account that may log in.
 */
export function userRow(c: ExportContext, p: Person): Row<'users'> {
  const ids = [
    token(p.kind === 'student' ? 'personalFile' : 'externalId', p.identifier),
    p.accountLogin && p.accountLogin !== p.login ? token('login', p.accountLogin) : null,
  ];
  return {
    sourcedId: p.id, enabledUser: p.enabled ? 'true' : 'false', username: p.login ?? p.id, userIds: listCell(ids),
    givenName: p.firstName, familyName: p.lastName, middleName: p.middleName, identifier: p.identifier, email: p.email, phone: p.phone,
    agentSourcedIds: listCell(p.agents), grades: p.kind === 'student' ? gradeCode(p.grade) : '', primaryOrgSourcedId: c.school.id,
  };
}

export async function* userRows(c: ExportContext): AsyncGenerator<Row<'users'>> {
  for await (const p of people(c)) yield userRow(c, p);
}

/** One row per role of a person in the school: the first primary, the others secondary. */
export async function* roleRows(c: ExportContext): AsyncGenerator<Row<'roles'>> {
  for await (const p of people(c)) {
    for (const [i, role] of p.roles.entries()) {
      yield {
        sourcedId: derivedId('role', p.id, role), userSourcedId: p.id, roleType: i === 0 ? 'primary' : 'secondary', role,
        orgSourcedId: c.school.id,
      };
    }
  }
}

const hasDemographics = (p: Person): boolean => Boolean(p.birthDate || sexCode(p.sex));

/** demographics.csv: the birth date and sex the school keeps on a card (sourcedId = the user's). */
export async function* demographicRows(c: ExportContext): AsyncGenerator<Row<'demographics'>> {
  for await (const p of people(c)) {
    if (hasDemographics(p)) yield { sourcedId: p.id, birthDate: p.birthDate, sex: sexCode(p.sex) };
  }
}

/** Whether demographics.csv has a row at all (the file is then absent, not empty). */
export async function anyDemographics(c: ExportContext): Promise<boolean> {
  for await (const p of people(c)) if (hasDemographics(p)) return true;
  return false;
}
