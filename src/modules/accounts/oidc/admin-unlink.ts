// The school admin unlinks a member's sign-in through an external provider (a link made to the wrong person's account
// at the provider, an account there that is lost or no longer the member's): POST /admin/members/:id/identities/:provider/unlink.
// Like a password reset, only for an account of this school alone (an account of several schools, or the operator's,
// unlinks it themselves in «Профиль»); audited in the school and in the login journal. The member links again with the
// link code of a new credential slip («Сбросить пароль» prints one); a link made by СНИЛС comes back by itself at the next
// sign-in while the card's СНИЛС matches. The account's sessions end: whoever signed in through the link is out.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { withSchool } from '../../../db/tenant.ts';
import { requestFacts } from '../../../web/actor.ts';
import { notFound } from '../../../web/errors.ts';
import { flash } from '../../../web/render.ts';
import { auditContext, writeAudit } from '../../audit/queries.ts';
import { accountReach } from '../members.ts';
import { memberOf } from '../member-of.ts';
import { endSessionsOf, recordAuthEvent } from '../queries.ts';
import { accountIdentities } from './schema.ts';

const providerParam = z.object({ provider: z.string().min(1).max(100) });

/** Why the school's admin may not unlink this account's provider, or null. */
export function adminUnlinkProblem(reach: { schoolIds: readonly string[]; isOperator: boolean }, schoolId: string, self: boolean): string | null {
  if (self) return 'Свой вход через внешний сервис отвязывайте в профиле: «Профиль» → «Вход через внешние сервисы».';
  if (reach.isOperator) return 'Это учётная запись оператора платформы: отвязать вход может только сам оператор в своём профиле.';
  if (reach.schoolIds.some((id) => id !== schoolId)) {
    return 'Эта учётная запись есть и в другой школе: отвязать вход может только её владелец в своём профиле.';
  }
  return null;
}

/** What the admin is told once a link is gone: how it comes back. */
export function unlinkedMessage(provider: string, bySnils: boolean): string {
  const done = `Вход через ${provider} отвязан, сеансы этой учётной записи завершены.`;
  return bySnils
    ? `${done} Привязка была по СНИЛС: при следующем входе через ${provider} она восстановится сама, пока СНИЛС в карточке `
      + 'совпадает. Если был привязан чужой человек, исправьте СНИЛС в карточке.'
    : `${done} Чтобы привязать вход снова, выдайте новый бланк: «Сбросить пароль» печатает его с новым кодом привязки.`;
}

/** `nameOf`: a provider's name for the message (its id when no longer configured). */
export function registerAdminUnlinkRoute(app: FastifyInstance, db: Db, nameOf: (providerId: string) => string): void {
  app.post('/admin/members/:id/identities/:provider/unlink', { config: { access: ['admin'] } }, async (request, reply) => {
    const member = await memberOf(db, request);
    const param = providerParam.safeParse(request.params);
    if (!member || !param.success) return notFound(reply);
    const provider = param.data.provider;
    const back = `/admin/members/${member.id}`;
    const ctx = auditContext(request);
    const actor = request.actor!;
    const outcome = await withSchool(db, ctx.schoolId, async (tx) => {
      const problem = adminUnlinkProblem(await accountReach(tx, member.accountId), ctx.schoolId, member.accountId === actor.accountId);
      if (problem) return { problem };
      const [gone] = await tx.delete(accountIdentities)
        .where(and(eq(accountIdentities.accountId, member.accountId), eq(accountIdentities.providerId, provider)))
        .returning({ linkedAt: accountIdentities.linkedAt, linkedBy: accountIdentities.linkedBy });
      if (!gone) return { missing: true };
      const ended = await endSessionsOf(db, member.accountId);
      await writeAudit(tx, ctx, {
        entity: 'account', entityId: member.id, action: 'oidc_unlinked',
        oldValue: { login: member.login, provider, linkedBy: gone.linkedBy, linkedAt: gone.linkedAt.toISOString() },
        newValue: { login: member.login, provider: null },
      });
      await recordAuthEvent(db, {
        kind: 'oidc_unlinked', login: member.login, accountId: member.accountId, schoolId: ctx.schoolId,
        detail: `${provider}: by ${actor.login}; ${ended} sessions ended`,
      }, requestFacts(request));
      return { bySnils: gone.linkedBy === 'snils' };
    });
    if ('missing' in outcome) return notFound(reply);
    if ('problem' in outcome) flash(reply, 'error', outcome.problem!);
    else flash(reply, 'ok', unlinkedMessage(nameOf(provider), outcome.bySnils));
    return reply.redirect(back, 303);
  });
}
