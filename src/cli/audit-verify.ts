// npm run cli -- audit verify [--school <id>]: walks each school's audit hash chain; exit 1 when a link is broken.
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { ruDateTime } from '../web/dates.ts';
import { verifyChains, type BrokenLink } from '../modules/audit/chain.ts';
import { plural } from '../modules/journal/attendance-rules.ts';

const records = (n: number) => `${n} ${plural(n, ['запись', 'записи', 'записей'])}`;

const PROBLEM: Record<BrokenLink['problem'], string> = {
  content: 'содержимое записи изменено (хеш не совпадает)',
  link: 'ссылка на предыдущую запись не совпадает (запись вставлена или предыдущая изменена)',
  gap: 'пропуск в нумерации (запись удалена)',
};

export async function auditCommand(database: Database, args: string[], usage: string): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { school: { type: 'string' } } });
  if (sub !== 'verify') {
    console.error(usage);
    return 2;
  }
  const reports = await verifyChains(database.db, values.school);
  if (values.school && reports.length === 0) {
    console.error(`Школы с id «${values.school}» нет.`);
    return 1;
  }
  let bad = 0;
  for (const r of reports) {
    if (!r.broken) {
      console.log(r.rows === 0 ? `${r.schoolName}: записей в журнале изменений нет`
        : `${r.schoolName}: цепочка цела: ${records(r.rows)}, последний хеш ${r.lastHash}`);
      continue;
    }
    bad += 1;
    const b = r.broken;
    console.log(`${r.schoolName}: ЦЕПОЧКА НАРУШЕНА на записи № ${b.seq} (id ${b.id}, ${ruDateTime(b.at)}): ${PROBLEM[b.problem]}; до неё цело: ${records(r.rows)}`);
  }
  return bad ? 1 : 0;
}
