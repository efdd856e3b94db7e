// The people of the export, page by page: every staff card, the students in a class of the year at some time, and the
// guardians of those students. One shape for users.csv, roles.csv and demographics.csv.
import { sql } from 'drizzle-orm';
import { paged, PAGE, select, yearGroups, yearStudents, type ExportContext } from './context.ts';
import { guardianRole, staffRoles } from './rules.ts';
import type { Role } from './spec.ts';

export type Person = {
  id: string; kind: 'staff' | 'student' | 'guardian';
  lastName: string; firstName: string; middleName: string | null; sex: string | null; birthDate: string | null;
  /** The account's login when this card is the account's own (an account of a teacher who is also a parent: the staff card). */
  login: string | null;
  /** The login of the account linked to the card (also when the card shares it with another). */
  accountLogin: string | null;
  enabled: boolean;
  phone: string | null; email: string | null;
  /** Personal file number (students) or external id (staff). */
  identifier: string | null;
  /** Guardians of a student; the year's students of a guardian. */
  agents: string[];
  grade: number | null;
  roles: Role[];
};

type Raw = Omit<Person, 'agents' | 'roles' | 'kind'> & {
  agents: string | null; roles: string | null; teaches?: boolean; relations?: string | null;
};

const names = sql`x.last_name as "lastName", x.first_name as "firstName", x.middle_name as "middleName", x.sex,
  x.birth_date::text as "birthDate"`;
const account = sql`a.login as "accountLogin", (a.id is not null and a.disabled_at is null and m.disabled_at is null) as enabled`;
const list = (s: string | null | undefined): string[] => (s ? s.split(',') : []);

function staffPage(c: ExportContext, after: Raw | null): Promise<Raw[]> {
  return select<Raw>(c.tx, sql`select x.id::text, ${names}, ${account}, a.login, x.phone, x.email, x.external_id as identifier,
      array_to_string(m.roles, ',') as roles, null::int as grade, null as agents,
      (exists (select 1 from group_teachers gt where gt.school_id = x.school_id and gt.staff_id = x.id
          and gt.group_id in (${yearGroups(c)}))
        or exists (select 1 from classes k where k.school_id = x.school_id and k.year_id = ${c.year.id}
          and k.class_teacher_id = x.id)) as teaches
    from staff x left join memberships m on m.school_id = x.school_id and m.staff_id = x.id
    left join accounts a on a.id = m.account_id
    where x.school_id = ${c.school.id} ${after ? sql`and x.id > ${after.id}` : sql``} order by x.id limit ${PAGE}`);
}

function studentPage(c: ExportContext, after: Raw | null): Promise<Raw[]> {
  const contacts = c.school.collectContacts ? sql`x.phone, x.email` : sql`null as phone, null as email`;
  return select<Raw>(c.tx, sql`select x.id::text, ${names}, ${account}, ${contacts}, x.personal_file_no as identifier,
      case when m.staff_id is null and m.guardian_id is null then a.login end as login, null as roles,
      (select k.grade from class_memberships cm join classes k on k.school_id = cm.school_id and k.id = cm.class_id
        where cm.school_id = x.school_id and cm.student_id = x.id and k.year_id = ${c.year.id}
        order by cm.starts_on desc limit 1)::int as grade,
      (select string_agg(sg.guardian_id::text, ',' order by sg.guardian_id) from student_guardians sg
        where sg.school_id = x.school_id and sg.student_id = x.id) as agents
    from students x left join memberships m on m.school_id = x.school_id and m.student_id = x.id
    left join accounts a on a.id = m.account_id
    where x.school_id = ${c.school.id} and x.id in (${yearStudents(c)}) ${after ? sql`and x.id > ${after.id}` : sql``}
    order by x.id limit ${PAGE}`);
}

function guardianPage(c: ExportContext, after: Raw | null): Promise<Raw[]> {
  const contacts = c.school.collectContacts ? sql`x.phone, x.email` : sql`null as phone, null as email`;
  const links = sql`from student_guardians sg where sg.school_id = x.school_id and sg.guardian_id = x.id
    and sg.student_id in (${yearStudents(c)})`;
  return select<Raw>(c.tx, sql`select x.id::text, ${names}, ${account}, ${contacts}, null as identifier,
      case when m.staff_id is null then a.login end as login, null as roles, null::int as grade,
      (select string_agg(sg.student_id::text, ',' order by sg.student_id) ${links}) as agents,
      (select string_agg(sg.relation, ',') ${links}) as relations
    from guardians x left join memberships m on m.school_id = x.school_id and m.guardian_id = x.id
    left join accounts a on a.id = m.account_id
    where x.school_id = ${c.school.id} and exists (select 1 ${links}) ${after ? sql`and x.id > ${after.id}` : sql``}
    order by x.id limit ${PAGE}`);
}

function person(kind: Person['kind'], r: Raw): Person {
  const roles: Role[] = kind === 'staff' ? staffRoles({ roles: list(r.roles), teaches: Boolean(r.teaches) })
    : kind === 'student' ? ['student'] : [guardianRole(list(r.relations))];
  return {
    id: r.id, kind, lastName: r.lastName, firstName: r.firstName, middleName: r.middleName, sex: r.sex, birthDate: r.birthDate,
    login: r.login, accountLogin: r.accountLogin, enabled: Boolean(r.enabled), phone: r.phone, email: r.email, identifier: r.identifier,
    agents: list(r.agents), grade: r.grade, roles,
  };
}

/** Staff, then students, then guardians; each in pages of PAGE cards. */
export async function* people(c: ExportContext): AsyncGenerator<Person> {
  for await (const r of paged<Raw>((after) => staffPage(c, after))) yield person('staff', r);
  for await (const r of paged<Raw>((after) => studentPage(c, after))) yield person('student', r);
  for await (const r of paged<Raw>((after) => guardianPage(c, after))) yield person('guardian', r);
}
