// The audit trail of the year in the archive: audit/audit-events.csv — every row of the school's audit trail written
// from the year's first day to its last (midnight to midnight in the school's time zone), a page at a time by its number
// in the chain, with the chain's hashes and the canonical text each hash is taken over (otmetka_audit_content, migration
// 0009): anyone can recompute hash = SHA-256(«previous hash|text») from the CSV alone.
import { and, asc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import { accounts } from '../../accounts/schema.ts';
import { auditEvents } from '../../audit/schema.ts';
import { zonedMoment } from '../../../web/dates.ts';
import { auditWindow, isoMoment } from '../rules.ts';
import type { ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

const PAGE = 2000;

export async function writeAudit(zip: ZipWriter, src: ArchiveSource, year: { startsOn: string; endsOn: string }, timeZone: string): Promise<number> {
  const window = auditWindow(year);
  const from = zonedMoment(`${window.from}T00:00`, timeZone) ?? new Date(`${window.from}T00:00:00Z`);
  const to = zonedMoment(`${window.toExclusive}T00:00`, timeZone) ?? new Date(`${window.toExclusive}T00:00:00Z`);
  async function* rows() {
    let after = 0;
    for (;;) {
      const page = await src.read((tx) => tx.select({
        seq: auditEvents.seq, id: auditEvents.id, at: auditEvents.at, accountId: auditEvents.actorAccountId, login: accounts.login,
        name: accounts.fullName, role: auditEvents.actorRole, requestId: auditEvents.requestId, ip: auditEvents.ip, entity: auditEvents.entity,
        entityId: auditEvents.entityId, action: auditEvents.action, oldValue: sql<string | null>`${auditEvents.oldValue}::text`,
        newValue: sql<string | null>`${auditEvents.newValue}::text`, reason: auditEvents.reason, prevHash: auditEvents.prevHash,
        hash: auditEvents.hash, content: sql<string>`otmetka_audit_content(${auditEvents})`,
      }).from(auditEvents)
        .leftJoin(accounts, eq(accounts.id, auditEvents.actorAccountId))
        .where(and(eq(auditEvents.schoolId, src.schoolId), gte(auditEvents.at, from), lt(auditEvents.at, to), gt(auditEvents.seq, after)))
        .orderBy(asc(auditEvents.seq)).limit(PAGE));
      for (const e of page) {
        yield [
          e.seq, e.id, isoMoment(e.at), e.accountId, e.login, e.name, e.role, e.requestId, e.ip, e.entity, e.entityId, e.action,
          e.oldValue, e.newValue, e.reason, e.prevHash, e.hash, e.content,
        ];
      }
      if (page.length < PAGE) return;
      after = page.at(-1)!.seq;
    }
  }
  return zip.table('audit/audit-events.csv', [
    '№ в цепочке', 'ID записи', 'Когда (UTC)', 'ID учётной записи', 'Логин', 'Кто', 'Роль', 'ID запроса', 'IP', 'Что', 'ID', 'Действие',
    'Было (JSON)', 'Стало (JSON)', 'Причина', 'Хеш предыдущей записи', 'Хеш записи', 'Текст записи для хеша',
  ], rows());
}
