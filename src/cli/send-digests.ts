// npm run cli -- send-digests [--week YYYY-MM-DD]: queues the weekly e-mail digests of every school for a week and
// sends what is unsent over SMTP (SMTP_URL). Without --week: the week that just ended (see digestWeekFor).
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { digestWeekFor, mondayOf, weekRange } from '../modules/diary/digest-format.ts';
import { queueAndDeliver } from '../modules/diary/outbox.ts';
import { parseDateInput, todayIso } from '../web/dates.ts';

export async function sendDigestsCommand(database: Database, config: Config, args: string[], usage: string): Promise<number> {
  const { values } = parseArgs({ args, options: { week: { type: 'string' } } });
  const day = values.week === undefined ? todayIso() : parseDateInput(values.week);
  if (!day) {
    console.error('Ошибка: --week — дата недели в виде ГГГГ-ММ-ДД или ДД.ММ.ГГГГ.');
    console.error(usage);
    return 2;
  }
  const weekStart = values.week === undefined ? digestWeekFor(day) : mondayOf(day);
  const r = await queueAndDeliver(database.db, config, { weekStart });
  console.log(`Сводки за неделю ${weekRange(weekStart)}: новых писем — ${r.queued}, уже были в очереди — ${r.already}, без уроков — ${r.empty}.`);
  if (r.smtp) console.log(`Отправлено: ${r.sent}, с ошибкой: ${r.failed}${r.failed ? ' (повтор при следующем запуске)' : ''}.`);
  else console.log('SMTP_URL не задан: письма остались в очереди (администратор видит их в разделе «Почта»).');
  return r.failed ? 1 : 0;
}
