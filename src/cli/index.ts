// Command line: npm run cli -- <command> [options]
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { createSchoolForm } from '../modules/platform/forms.ts';
import { createOperator, createSchool, LoginTakenError } from '../modules/platform/queries.ts';
import { LOGIN_PATTERN } from '../modules/accounts/rules.ts';
import { operatorResetPassword } from '../modules/accounts/provisioning.ts';
import { auditCommand } from './audit-verify.ts';
import { seedDemo } from './seed-demo.ts';
import { defaultTwoFactorPolicy, type TwoFactorPolicy } from '../modules/accounts/two-factor/rules.ts';
import { operatorResetTwoFactor } from '../modules/accounts/two-factor/queries.ts';
import { sendDigestsCommand } from './send-digests.ts';
import { exportCommand } from './export-oneroster.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { archiveCommand, archiveKeyCommand, archiveVerifyCommand } from './archive.ts';
import { readCatalog, renderCitusDdl } from '../db/citus-ddl.ts';

const USAGE = `Использование:
  npm run cli -- create-school --name "Название школы" --admin-login login --admin-name "ФИО" [--address "Адрес"]
  npm run cli -- create-operator --login login [--name "ФИО"]
  npm run cli -- reset-password --login login        (оператор: любая учётная запись, в т. ч. в нескольких школах)
  npm run cli -- reset-two-factor --login login      (оператор: сбросить второй фактор любой учётной записи)
  npm run cli -- seed-demo
  npm run cli -- migrate
  npm run cli -- send-digests [--week ГГГГ-ММ-ДД]
  npm run cli -- audit verify [--school id]         (проверка цепочки хешей журнала изменений)
  npm run cli -- export oneroster --school id [--year id|название] --out файл.zip   (открытая выгрузка OneRoster 1.2)
  npm run cli -- backup [--out папка] [--copy вторая-папка] [--keep-daily N] [--keep-weekly N] [--keep-monthly N] [--no-prune]
                                                    (резервная копия: pg_dump или архив папки PGlite, с контрольной суммой)
  npm run cli -- restore файл [--force]             (восстановление в пустую базу; --force — заменить непустую)
  npm run cli -- archive --school id --year id|2025/2026 --out ФАЙЛ.zip [--allow-open]   (архив учебного года)
  npm run cli -- archive verify ФАЙЛ.zip [--key КЛЮЧ.pem]                              (проверка архива)
  npm run cli -- archive key                                                           (открытый ключ подписи архивов)
  npm run cli -- citus-ddl                          (SQL для Citus: таблицы, распределённые по school_id; docs/scale-out.md)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  // Before the database is opened and migrated: a backup changes nothing, a restore needs the target as it is.
  if (command === 'backup') return backupCommand(config, rest, USAGE);
  if (command === 'restore') return restoreCommand(config, rest, USAGE);
  // Checking an archive and printing the key need no database (an auditor's machine has none).
  if (command === 'archive' && rest[0] === 'verify') return archiveVerifyCommand(rest.slice(1), USAGE);
  if (command === 'archive' && rest[0] === 'key') return archiveKeyCommand(config);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    switch (command) {
      case 'create-school': return await createSchoolCommand(database, rest, defaultTwoFactorPolicy(config.env));
      case 'create-operator': return await createOperatorCommand(database, rest);
      case 'reset-password': return await resetPasswordCommand(database, rest);
      case 'reset-two-factor': return await resetTwoFactorCommand(database, rest);
      case 'seed-demo':
        console.log((await seedDemo(database.db)) ? 'Демо-школа создана.' : 'В базе уже есть школы: демо-данные не добавлены.');
        return 0;
      case 'send-digests': return await sendDigestsCommand(database, config, rest, USAGE);
      case 'audit': return await auditCommand(database, rest, USAGE);
      case 'export': return await exportCommand(database, rest, USAGE);
      case 'archive': return await archiveCommand(database, config, rest, USAGE);
      case 'citus-ddl':
        process.stdout.write(renderCitusDdl(await readCatalog(database.db)));
        return 0;
      case 'migrate':
        console.log('Миграции применены.');
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await database.close();
  }
}

async function resetPasswordCommand(database: Awaited<ReturnType<typeof openDatabase>>, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { login: { type: 'string' } } });
  if (!values.login) {
    console.error(USAGE);
    return 2;
  }
  const done = await operatorResetPassword(database.db, values.login);
  if (!done) {
    console.error(`Учётной записи «${values.login}» нет.`);
    return 1;
  }
  console.log(`Пароль учётной записи ${done.login} сброшен, все её сеансы завершены.`);
  console.log(`Одноразовый пароль:   ${done.password}`);
  return 0;
}

async function resetTwoFactorCommand(database: Awaited<ReturnType<typeof openDatabase>>, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { login: { type: 'string' } } });
  if (!values.login) {
    console.error(USAGE);
    return 2;
  }
  const done = await operatorResetTwoFactor(database.db, values.login);
  if (!done) {
    console.error(`Учётной записи «${values.login}» нет.`);
    return 1;
  }
  console.log(done.wasEnabled
    ? `Второй фактор учётной записи ${done.login} сброшен: при следующем входе его нужно включить заново (если школа требует).`
    : `У учётной записи ${done.login} двухфакторный вход не был включён.`);
  return 0;
}

async function createSchoolCommand(database: Awaited<ReturnType<typeof openDatabase>>, args: string[], twoFactorPolicy: TwoFactorPolicy): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, 'admin-login': { type: 'string' }, 'admin-name': { type: 'string' }, address: { type: 'string' } },
  });
  const parsed = createSchoolForm.safeParse({
    name: values.name, address: values.address, adminLogin: values['admin-login'], adminName: values['admin-name'] ?? 'Администратор школы',
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`Ошибка (${String(issue.path[0])}): ${issue.message}`);
    console.error(USAGE);
    return 2;
  }
  try {
    const created = await createSchool(database.db, parsed.data, twoFactorPolicy);
    console.log(`Школа «${parsed.data.name}» создана (id ${created.schoolId}).`);
    console.log(`Логин администратора: ${created.login}`);
    console.log(`Одноразовый пароль:   ${created.password}`);
    console.log('Пароль показан один раз; при первом входе его нужно сменить.');
    return 0;
  } catch (err) {
    if (err instanceof LoginTakenError) {
      console.error(`Ошибка: логин «${parsed.data.adminLogin}» уже занят.`);
      return 1;
    }
    throw err;
  }
}

async function createOperatorCommand(database: Awaited<ReturnType<typeof openDatabase>>, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { login: { type: 'string' }, name: { type: 'string' } } });
  const login = (values.login ?? '').trim().toLowerCase();
  if (!LOGIN_PATTERN.test(login)) {
    console.error('Ошибка: логин — 3–64 латинские буквы, цифры, точка, дефис или подчёркивание.');
    return 2;
  }
  try {
    const created = await createOperator(database.db, { login, fullName: values.name ?? 'Оператор платформы' });
    console.log(`Оператор платформы создан. Логин: ${created.login}`);
    console.log(`Одноразовый пароль: ${created.password} (показан один раз; при первом входе его нужно сменить)`);
    return 0;
  } catch (err) {
    if (err instanceof LoginTakenError) {
      console.error(`Ошибка: логин «${login}» уже занят.`);
      return 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error('Ошибка:', err instanceof Error ? err.message : err);
  process.exit(1);
});
