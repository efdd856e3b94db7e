// npm run cli -- archive --school <id> --year <id | 2025/2026> --out FILE.zip [--allow-open]: the year's archive (a closed
// year; an open one only with --allow-open, the manifest then says so);
// npm run cli -- archive verify FILE.zip [--key PUBKEY.pem]: «Архив цел…» or the first file that fails (exit 1);
// npm run cli -- archive key: the server's public key and its fingerprint (created when missing).
import { createWriteStream, readFileSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { startArchive } from '../modules/archive/build.ts';
import { ArchiveKeyError, loadOrCreateKey, publicKeyFromPem } from '../modules/archive/keys.ts';
import { verdictText } from '../modules/archive/rules.ts';
import { sourceOf, yearFacts } from '../modules/archive/source.ts';
import { verifyArchive } from '../modules/archive/verify.ts';
import { schools } from '../modules/platform/schema.ts';
import { eq } from 'drizzle-orm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NO_KEY = 'Ключ подписи архива не настроен: задайте ARCHIVE_KEY_FILE (путь к файлу ключа на постоянном диске).';

/** `archive verify …`: needs no database (an auditor's machine has none). */
export async function archiveVerifyCommand(args: string[], usage: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { key: { type: 'string' } }, allowPositionals: true });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  let publicKey;
  if (values.key) {
    let pem: string;
    try {
      pem = readFileSync(values.key, 'utf8');
    } catch {
      console.error(`Файл ключа ${values.key} не читается.`);
      return 2;
    }
    publicKey = publicKeyFromPem(pem);
    if (!publicKey) {
      console.error(`В файле ${values.key} нет ключа Ed25519 (PEM).`);
      return 2;
    }
  }
  const verdict = await verifyArchive(file, publicKey ? { publicKey } : {});
  (verdict.ok ? console.log : console.error)(verdictText(verdict));
  return verdict.ok ? 0 : 1;
}

export async function archiveCommand(database: Database, config: Config, args: string[], usage: string): Promise<number> {
  const { values } = parseArgs({
    args, options: { school: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' }, 'allow-open': { type: 'boolean' } },
  });
  if (!values.school || !values.year || !values.out) {
    console.error(usage);
    return 2;
  }
  if (!config.archiveKeyFile) {
    console.error(NO_KEY);
    return 2;
  }
  const [school] = UUID.test(values.school) ? await database.db.select({ id: schools.id }).from(schools).where(eq(schools.id, values.school)) : [];
  const facts = school ? await sourceOf(database.db, school.id).read((tx) => yearFacts(tx, { schoolId: school.id, year: values.year! })) : undefined;
  if (!school || !facts) {
    console.error(school ? `Учебного года «${values.year}» в этой школе нет.` : `Школы с id «${values.school}» нет.`);
    return 1;
  }
  if (facts.year.status !== 'closed' && !values['allow-open']) {
    console.error(`Учебный год ${facts.year.name} не закрыт: архив составляется для закрытого года (--allow-open — архив текущего состояния).`);
    return 1;
  }
  const key = loadOrCreateKey(config.archiveKeyFile);
  const started = performance.now();
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const partial = `${values.out}.part`;
  try {
    const run = startArchive(sourceOf(database.db, school.id), facts, key);
    const [manifest] = await Promise.all([run.done, pipeline(run.output, createWriteStream(partial))]);
    await rename(partial, values.out);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const { size } = await stat(values.out);
    console.log(`Архив ${facts.year.name} (${facts.year.status === 'closed' ? 'год закрыт' : 'год НЕ закрыт'}) записан в ${values.out}: ${manifest.totals.files} файлов, `
      + `${mb(size)} МБ (несжато ${mb(manifest.totals.bytes)} МБ), ${seconds} с, пик памяти ${mb(peak)} МБ.`);
    console.log(`Отметок ${manifest.counts.marks}, записей посещаемости ${manifest.counts.attendance}, уроков ${manifest.counts.lessons}, `
      + `записей журнала изменений ${manifest.counts.auditEvents}. Ключ ${key.fingerprint}.`);
    return 0;
  } catch (err) {
    await rm(partial, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EISDIR' && code !== 'ENOSPC') throw err;
    console.error(`Не удалось записать ${values.out}: ${code === 'ENOSPC' ? 'нет места на диске' : 'нет такой папки или нет прав на запись'}.`);
    return 1;
  } finally {
    clearInterval(sample);
  }
}

/** `archive key`: needs no database either. */
export function archiveKeyCommand(config: Config): number {
  if (!config.archiveKeyFile) {
    console.error(NO_KEY);
    return 2;
  }
  try {
    const key = loadOrCreateKey(config.archiveKeyFile);
    console.log(`Ключ подписи архивов: ${key.file}\nОтпечаток: ${key.fingerprint}\n${key.publicPem.trim()}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ArchiveKeyError)) throw err;
    console.error(err.message);
    return 1;
  }
}
