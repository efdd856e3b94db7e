import type { Role, SchoolRole } from '../modules/accounts/rules.ts';
import type { TwoFactorState } from '../modules/accounts/two-factor/rules.ts';

/** Who may call a route: anyone, any logged-in account, or holders of one of these roles. */
export type Access = 'public' | 'account' | readonly Role[];

export type Flash = { kind: 'ok' | 'error'; text: string };

/** The school of the request: its IANA time zone decides its "today" and every time shown to it. */
export type ActorSchool = { id: string; name: string; timeZone: string };

export type PersonLinks = { staffId: string | null; guardianId: string | null; studentId: string | null };

/** The logged-in person for this request, set once by the actor hook. */
export type Actor = {
  accountId: string;
  login: string;
  fullName: string;
  mustChangePassword: boolean;
  /** The second factor: offered (staff account), enabled, required by a school's policy. */
  twoFactor: TwoFactorState;
  isOperator: boolean;
  /** Every school this account belongs to (for the school switcher). */
  schools: Array<{ id: string; name: string; roles: SchoolRole[] }>;
  /** The school picked for this session, if any. */
  school: ActorSchool | null;
  /** Roles in the current school, plus 'operator' for platform operators. */
  roles: Role[];
  /** The actor's own cards in the current school (staff, guardian, student); all null without a school. */
  person: PersonLinks;
  kind: 'staff' | 'family';
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Reachable while a forced password change is pending (the change page itself, logout). */
    duringPasswordChange?: boolean;
    /** Reachable while a second factor required by a school is not enrolled yet (enrolling, password change, logout). */
    duringEnrollment?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Why the session of this request was just ended (shown on the login page). */
    sessionEnded?: 'idle' | 'expired' | 'disabled';
    /** A logout: the response deletes the session cookie (web/session-cookie.ts keeps it otherwise). */
    endsSession: boolean;
  }
  interface FastifyInstance {
    /** Name of the session cookie (differs in production: __Host- prefix). */
    sessionCookieName: string;
  }
  interface FastifyReply {
    /** Renders a page inside the layout with everything every page needs. */
    page(view: string, data?: Record<string, unknown>, status?: number): Promise<unknown>;
  }
}

declare module 'fastify' {
  interface Session {
    accountId?: string;
    schoolId?: string;
    /** ms since epoch */
    createdAt?: number;
    lastSeenAt?: number;
    endsAt?: number;
    flash?: Flash;
    /**
     * A right password awaiting the second factor's code: no accountId yet, so no actor and nothing granted.
     * startedAt in ms since epoch (real time); the code must follow within a few minutes.
     */
    pendingLogin?: { accountId: string; login: string; startedAt: number; next: string };
    /** The secret being enrolled (sealed, see two-factor/secret-box.ts) until a code confirms it. */
    pendingTotp?: string;
    /** «Войти как ребёнок» (accounts/act-as.ts): the parent's account this session returns to, and the child's name. */
    actingFor?: { accountId: string; childName: string } | undefined;
  }
}
