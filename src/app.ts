import { availableParallelism } from 'node:os';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyCompress from '@fastify/compress';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config, PressureOptions } from './config.ts';
import type { Database } from './db/client.ts';
import { registerAdminAccountRoutes } from './modules/accounts/admin-routes.ts';
import { registerAccountRoutes } from './modules/accounts/routes.ts';
import { registerOidcRoutes } from './modules/accounts/oidc/routes.ts';
import { registerActAsRoutes } from './modules/accounts/act-as.ts';
import { oidcCookies } from './modules/accounts/oidc/cookies.ts';
import { setPasswordQueueLimits } from './modules/accounts/passwords.ts';
import { registerTwoFactorAccountRoutes } from './modules/accounts/two-factor/account-routes.ts';
import { registerLoginCodeRoutes } from './modules/accounts/two-factor/login-routes.ts';
import { defaultTwoFactorPolicy } from './modules/accounts/two-factor/rules.ts';
import { deriveSecretKey } from './modules/accounts/two-factor/secret-box.ts';
import { registerContingentRoutes } from './modules/contingent/routes.ts';
import { registerCurriculumRoutes } from './modules/curriculum/routes.ts';
import { registerClassAccountRoutes } from './modules/accounts/slips-routes.ts';
import { registerHomeRoutes } from './modules/home/routes.ts';
import { registerImportRoutes } from './modules/imports/routes.ts';
import { registerKtpRoutes } from './modules/ktp/routes.ts';
import { registerPeopleRoutes } from './modules/people/routes.ts';
import { registerConsentRoutes } from './modules/consents/routes.ts';
import { registerPlatformRoutes } from './modules/platform/routes.ts';
import { registerSetupRoutes } from './modules/setup/routes.ts';
import { registerTimetableRoutes } from './modules/schedule/timetable-routes.ts';
import { accessGuard, requireDeclaredAccess, type DeclaredRoute } from './web/access.ts';
import { actorHook } from './web/actor.ts';
import { registerLessonRoutes } from './modules/schedule/lessons-routes.ts';
import { registerWorkTypeRoutes } from './modules/journal/routes-work-types.ts';
import { registerClassJournalRoutes } from './modules/journal/routes-class.ts';
import { registerJournalRoutes } from './modules/journal/routes.ts';
import { registerLessonJournalRoutes } from './modules/journal/routes-lesson.ts';
import { registerPeriodMarkRoutes } from './modules/journal/routes-period.ts';
import { registerHistoryRoutes } from './modules/journal/routes-history.ts';
import { registerDiaryRoutes } from './modules/diary/routes.ts';
import { registerOfflineRoutes } from './modules/offline/routes.ts';
import { registerMessageRoutes } from './modules/messages/routes.ts';
import { registerDiaryClassRoutes } from './modules/diary/routes-class.ts';
import { registerDigestRoutes } from './modules/diary/digest-routes.ts';
import { registerAlertRoutes } from './modules/alerts/routes.ts';
import { registerOutboxRoutes } from './modules/diary/outbox-routes.ts';
import { registerCalendarRoutes } from './modules/calendar/routes.ts';
import { exportDownload, exportPage } from './modules/export/routes.ts';
import { REPORT_ROLES, reportRoute, rolesOf, STUDENT_REPORT_ROLES } from './modules/reports/core/catalogue.ts';
import { journalControlLessons, journalControlPage } from './modules/reports/journal-control/routes.ts';
import { activityReport } from './modules/reports/activity/routes.ts';
import { programmeReport } from './modules/reports/programme/routes.ts';
import { timesheetReport } from './modules/reports/timesheet/routes.ts';
import { deadlinesReport } from './modules/reports/deadlines/routes.ts';
import { reportList } from './modules/reports/list.ts';
import { accumulationReport } from './modules/reports/accumulation/routes.ts';
import { controlWorksReport } from './modules/reports/control-works/routes.ts';
import { homeworkLoadReport } from './modules/reports/homework-load/routes.ts';
import { progressReport } from './modules/reports/progress/routes.ts';
import { resultsWorkbook } from './modules/reports/results-workbook/routes.ts';
import { attendanceReport } from './modules/reports/attendance/routes.ts';
import { summarySheetReport } from './modules/reports/summary-sheet/routes.ts';
import { medalsReport } from './modules/reports/medals/routes.ts';
import { studentReport } from './modules/reports/student/routes.ts';
import { yearHub, YEAR_ROLES } from './modules/year/hub.ts';
import { closePage, closePost, reopenPost } from './modules/year/close-routes.ts';
import { rolloverPage, rolloverPost } from './modules/year/rollover-routes.ts';
import { PROMOTION_DECIDERS, PROMOTION_READERS, promotionClassPage, promotionPost, promotionYearPage } from './modules/year/promotion-routes.ts';
import { archiveRoutes } from './modules/archive/routes.ts';
import { ambientDb } from './db/tenant.ts';
import { badUrl, registerErrorPages } from './web/errors.ts';
import { parseUrlEncoded } from './web/input.ts';
import type { QueueLimits } from './web/work-queue.ts';
import { ALWAYS_ANSWERED, registerPressure } from './web/pressure.ts';
import { registerRequestGate, type Gate } from './web/request-gate.ts';
import { poolSize, processLimits, workerCount } from './server/rules.ts';
import { registerRender } from './web/render.ts';
import { registerSecurity } from './web/security.ts';
import { registerTenantTransactions } from './web/tenant-tx.ts';
import { AuthCache } from './web/auth-cache.ts';
import { PgSessionStore } from './web/session-store.ts';
import './web/types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export type AppDeps = {
  config: Config;
  database: Database;
  /** POST /login attempts per address per minute (rate limit before the lockout rules). */
  loginRateLimit?: number;
  /** Requests at once (default: config.gate, off in tests); tests turn it on with tiny limits. */
  gate?: Gate;
  /** Backpressure (default: config.pressure); tests turn it on with a tiny threshold. */
  pressure?: PressureOptions;
  /** The argon2 queue's limits, for the whole process (default: config.passwordQueue over password-queue.ts's defaults). */
  passwordQueue?: Partial<QueueLimits>;
  /** Extra routes registered before boot (tests prove the access check with this). */
  extraRoutes?: (app: FastifyInstance) => void;
};

/**
 * Sessions and account facts kept in memory while the database's announcements are heard (web/auth-cache.ts); PostgreSQL
 * only, and not with AUTH_CACHE=off.
 */
function startAuthCache(app: FastifyInstance, database: Database, on: boolean): AuthCache | undefined {
  if (!on || !database.listen) return undefined;
  const cache = new AuthCache();
  const listener = database.listen('otmetka_auth', { message: (p) => cache.announce(p), state: (l) => cache.setListening(l) });
  app.addHook('onClose', async () => { await listener.close(); });
  return cache;
}

/** This process's share of the machine (server/rules.ts): the same rules main.ts applies to start the workers. */
function limitsOfThisProcess(config: Config, database: Database) {
  const cores = availableParallelism();
  const { workers } = workerCount({ requested: config.workers, env: config.env, cores, database: database.kind });
  return processLimits({ workers, pool: poolSize({ workers, requested: config.databasePoolSize }), cores });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  // Inside a school member's request this handle is the request's tenant transaction (web/tenant-tx.ts, db/tenant.ts).
  const db = ambientDb(database.db);
  const production = config.env === 'production';
  const secretKey = deriveSecretKey(config.sessionSecret);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdLogLabel: 'requestId',
    routerOptions: { querystringParser: parseUrlEncoded },
    frameworkErrors: badUrl, // a path with a broken percent escape: a Russian 400, not fastify's English JSON
  });
  app.decorateRequest('actor', null);
  app.decorate('declaredRoutes', requireDeclaredAccess(app));

  // Before anything reads the session: beyond capacity, a fast 503 with Retry-After (web/request-gate.ts, web/pressure.ts).
  const limits = limitsOfThisProcess(config, database);
  await registerPressure(app, deps.pressure ?? config.pressure);
  registerRequestGate(app, deps.gate ?? { ...config.gate, atOnce: config.gate.atOnce ?? limits.requestsAtOnce });
  // argon2: a few at once, a bounded queue, then 503 (modules/accounts/passwords.ts)
  setPasswordQueueLimits(deps.passwordQueue ?? { concurrency: limits.hashesAtOnce, ...config.passwordQueue });
  registerTenantTransactions(app, database); // before the session plugin: its onSend commits before the session's hook saves
  const authCache = startAuthCache(app, database, config.authCache);
  app.decorate('authCache', authCache);
  const store = new PgSessionStore(db, authCache);
  await registerSecurity(app, { production, sessionSecret: config.sessionSecret, store });
  // Pages, CSS and JS gzip-compressed for clients that accept it (the grid: 58 → 8 KB on the wire); ZIP downloads are not.
  await app.register(fastifyCompress, { global: true, encodings: ['gzip', 'deflate'], threshold: 1024 });
  await app.register(fastifyView, {
    engine: { eta: new Eta() },
    root: path.join(ROOT, 'views'),
    layout: 'layouts/main.eta',
    production,
  });
  await app.register(fastifyStatic, { root: path.join(ROOT, 'public'), serve: false });
  registerRender(app);
  registerErrorPages(app);
  app.addHook('onRequest', actorHook(db, store));
  app.addHook('onRequest', accessGuard);

  // ── Route table: every module's routes, each declaring who may call it. ──
  // A route for school roles (or 'account', when the actor is in a school) runs in its school's tenant transaction
  // (web/tenant-tx.ts), unless it declares `tx: 'manual'`; 'public' routes and the operator's (['operator']) have no school.
  app.get('/static/*', { config: { access: 'public', ...ALWAYS_ANSWERED } }, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply.sendFile(file, { maxAge: production ? 86_400_000 : 0 });
  });
  registerHomeRoutes(app, { database, db });                                // /, /healthz, /readyz
  registerOfflineRoutes(app, { db });                                       // /sw.js, /manifest.webmanifest (public); /offline/pages, /csrf-token (account)
  const providers = config.oidc.providers.map((p) => ({ id: p.id, name: p.name }));
  const loginRateLimit = deps.loginRateLimit ?? 30;
  registerAccountRoutes(app, { db, loginRateLimit, providers });          // /login, /logout, /password, /select-school, /account
  registerOidcRoutes(app, { db, oidc: config.oidc, cookies: oidcCookies(config.sessionSecret, production), loginRateLimit });
  // ↑ /login/oidc/:provider (+ /callback): sign-in through an identity provider; /login/oidc/link: the slip's link code;
  //   /account/identities/:provider/unlink
  registerLoginCodeRoutes(app, { db, secretKey, loginRateLimit: deps.loginRateLimit ?? 30 }); // /login/code: the second factor's code after the password
  registerTwoFactorAccountRoutes(app, { db, secretKey });                 // /account/two-factor: enrolling (QR code), recovery codes, turning off
  registerAdminAccountRoutes(app, { db, providers });                                  // /admin/members (+ …/:id/compromise), /admin/accounts/staff, /admin/logins
  registerClassAccountRoutes(app, { db });                                  // /accounts/classes: class accounts and credential slips
  registerPlatformRoutes(app, { db, newSchoolTwoFactor: defaultTwoFactorPolicy(config.env) }); // /operator/schools
  registerSetupRoutes(app, { db, passwordLoginSetting: providers.length > 0 });                                         // /setup: school settings, years, periods, holidays, bells, subjects, classes
  registerPeopleRoutes(app, { db });                                        // /people/staff, /people/students, /people/guardians, /my-class
  registerConsentRoutes(app, { db });                                       // …/:id/consents, …/:id/export; /account/personal-data
  registerContingentRoutes(app, { db });                                   // /contingent: orders, book of movements, class lists on a date
  registerImportRoutes(app, { db });                                       // /import: staff, students and guardians from CSV/XLSX
  registerCurriculumRoutes(app, { db });                                   // /curriculum: curriculum, teaching groups, members, teachers
  registerTimetableRoutes(app, { db });                                   // /schedule/timetables (versions, slots), /schedule/week/… (week views)
  registerKtpRoutes(app, { db });                                          // /ktp: calendar-thematic plans of groups, import, copy, lesson topics
  registerLessonRoutes(app, { db });                                      // /schedule/lessons (layout, lesson page), /schedule/substitutions, /schedule/events, /today
  registerWorkTypeRoutes(app, { db });                                    // /journal/work-types: the mark scale and work types with weights
  registerClassJournalRoutes(app, { db });                               // /journal/classes/:classId/attendance: the class teacher's attendance sheet and absence reasons
  registerJournalRoutes(app, { db });                                     // /journal: journals list, a group's grid for a period, saving a cell
  registerLessonJournalRoutes(app, { db });                               // /journal/lessons/:id: the lesson page (topic, homework, columns, attendance, marks form)
  registerPeriodMarkRoutes(app, { db });                                  // /journal/groups/:id/period-marks (period, year marks), /journal/…/reopen (deputy)
  registerHistoryRoutes(app, { db });                                     // /journal/history: a mark cell's or a period mark's history
  registerDiaryRoutes(app, { db });
  registerActAsRoutes(app, { db });                                       // /diary/:studentId/act-as, /act-as/return: «Войти как ребёнок»                                       // /diary: children, a child's week (+ «Ознакомлен(а)»), marks, year, homework, attendance, timetable
  registerMessageRoutes(app, { db });                                     // /messages: a parent's threads with the child's teachers, answers, unread counts
  registerDiaryClassRoutes(app, { db });                                  // /diary/classes/:classId/report (A4 per student), …/acknowledgements; /diary/:studentId/print
  registerDigestRoutes(app, { db });                                      // /diary/digest: a parent's opt-in to the weekly e-mail digest
  registerAlertRoutes(app, { db });                                       // /diary/alerts (+ /push, /push/:id/delete): parent only — alerts per child
  registerOutboxRoutes(app, { db, config });                              // /admin/outbox: the school's outgoing e-mail, «send the week's digests»
  registerCalendarRoutes(app, { db });                                    // /calendar: private .ics links (a child's, a teacher's); /calendar/feed/:file public
  // ── Open export (issue 14): the school's roster and results of a year as OneRoster 1.2 CSV (ZIP). ──
  app.get('/admin/export', { config: { access: ['admin'] } }, exportPage(db)); // which year, what the ZIP holds, «Скачать ZIP»
  app.get('/admin/export/oneroster.zip', { config: { access: ['admin'], tx: 'manual' } }, exportDownload(db)); // the ZIP (own read tx)
  // ── Reports (issue 12): computed live from the journal; ?format=csv|xlsx exports the page's tables. ──
  app.get('/reports', reportRoute(REPORT_ROLES), reportList);      // «Отчёты»: the reports this person may open, with filters
  app.get('/reports/journal-control', reportRoute(rolesOf('journal-control')), journalControlPage); // weekly journal-filling control
  app.get('/reports/journal-control/lessons', reportRoute(rolesOf('journal-control')), journalControlLessons); // …the lessons behind a count
  app.get('/reports/programme', reportRoute(rolesOf('programme')), programmeReport); // per group: КТП hours to date vs given, the year's plan vs the timetable
  app.get('/reports/timesheet', reportRoute(rolesOf('timesheet')), timesheetReport); // per teacher and day: given, substituted, cancelled, extra
  app.get('/reports/activity', reportRoute(rolesOf('activity')), activityReport);    // teachers' logins and lessons filled; families per class
  app.get('/reports/accumulation', reportRoute(rolesOf('accumulation')), accumulationReport);    // marks vs the minimum
  app.get('/reports/control-works', reportRoute(rolesOf('control-works')), controlWorksReport);  // calendar, limits
  app.get('/reports/homework-load', reportRoute(rolesOf('homework-load')), homeworkLoadReport);  // minutes a day vs СанПиН
  app.get('/reports/deadlines', reportRoute(rolesOf('deadlines')), deadlinesReport); // the regulations' deadlines: violations now, who acts
  app.get('/reports/progress', reportRoute(rolesOf('progress')), progressReport);    // итоги успеваемости: per class, grade, school; lists
  app.get('/reports/results-workbook', reportRoute(rolesOf('results-workbook')), resultsWorkbook); // the results as one XLSX, a sheet per class
  app.get('/reports/attendance', reportRoute(rolesOf('attendance')), attendanceReport); // lessons missed by reason, full days, lates, share
  app.get('/reports/summary-sheet', reportRoute(rolesOf('summary-sheet')), summarySheetReport); // a class's period, year, exam, final marks
  app.get('/reports/medals', reportRoute(rolesOf('medals')), medalsReport);          // medal and distinction candidates (grades 11, 9)
  app.get('/reports/students/:studentId', reportRoute(STUDENT_REPORT_ROLES), studentReport); // one student: marks, period marks, attendance (404 to whoever may not read it)
  // ── The school year's end (issue 14): decisions, closing, the next year, the archive. ──
  app.get('/year', { config: { access: YEAR_ROLES } }, yearHub);                                  // «Учебный год»: the steps, by role
  app.get('/year/promotion', { config: { access: PROMOTION_READERS } }, promotionYearPage);             // the year's classes: students, decisions posted
  app.get('/year/promotion/:classId', { config: { access: PROMOTION_READERS } }, promotionClassPage);   // a class: year marks, suggested decisions, order fields
  app.post('/year/promotion/:classId', { config: { access: PROMOTION_DECIDERS } }, promotionPost);      // «Провести»: one order per decision, all or none
  app.get('/year/close', { config: { access: ['admin', 'deputy'] } }, closePage);               // the live checklist of a year
  app.post('/year/close', { config: { access: ['admin'] } }, closePost);                        // «Закрыть год» (over blockers: a reason)
  app.post('/year/reopen', { config: { access: ['admin'] } }, reopenPost);                      // a closed year opened again, with a reason
  app.get('/year/rollover', { config: { access: ['admin'] } }, rolloverPage);                   // the next year from a closed one: preview
  app.post('/year/rollover', { config: { access: ['admin'] } }, rolloverPost);                  // …applied, all or nothing, safe to repeat
  // ── The year's archive (issue 14): a closed year as one ZIP in open formats, with a signed manifest. ──
  const archive = archiveRoutes({ db, keyFile: config.archiveKeyFile });
  app.get('/year/archive', { config: { access: ['admin'] } }, archive.page); // «Архив года»: the years, a closed year's ZIP, the server's public key
  app.get('/year/archive/:yearId/zip', { config: { access: ['admin'], tx: 'manual' } }, archive.download); // the ZIP, streamed as written
  deps.extraRoutes?.(app);

  app.decorate('pgSessionStore', store);
  await app.ready();
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    pgSessionStore: PgSessionStore;
    /** Sessions and account facts in memory (undefined: off, or PGlite). */
    authCache: AuthCache | undefined;
    /** Every route with who may call it (tests walk it). */
    declaredRoutes: DeclaredRoute[];
  }
}
