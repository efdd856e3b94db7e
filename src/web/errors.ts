import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { closedYearRefusal, faultSummary, isDatabaseUnavailable, pgError } from '../db/faults.ts';
import { PasswordQueueFull } from '../modules/accounts/password-queue.ts';
import { plural } from '../modules/journal/attendance-rules.ts';

/** `code` goes into the JSON answer for scripts that act on it (the grid asks for a fresh CSRF token on 'csrf'). */
type Known = { status: number; title: string; message: string; retryAfter?: number; code?: 'csrf' };

/** Seconds a client is asked to wait while the database is unreachable (the grid retries every few seconds anyway). */
const RETRY_AFTER_S = 5;

/** Russian texts for the errors a visitor can cause or meet (the database away); anything else is an internal error. */
export function describeError(err: FastifyError): Known {
  const code = err.code ?? '';
  if (isDatabaseUnavailable(err)) {
    return {
      status: 503, title: 'Сервис временно недоступен', retryAfter: RETRY_AFTER_S,
      message: 'База данных временно недоступна (например, перезапускается). Сохранённое не потеряно; повторите через несколько секунд.',
    };
  }
  if (err instanceof PasswordQueueFull) {
    const s = err.retryAfterSeconds;
    return { status: 503, title: TOO_MANY_PASSWORDS.title, retryAfter: s, message: TOO_MANY_PASSWORDS.message(s) };
  }
  const closedYear = closedYearRefusal(err);
  if (closedYear !== null) {
    return {
      status: 409, title: 'Учебный год закрыт',
      message: `Учебный год ${closedYear} закрыт: его журнал, расписание, учебный план и движение обучающихся только для чтения. `
        + 'Ничего не изменено. Открыть год снова может администратор (с указанием причины) на странице «Закрытие года».',
    };
  }
  const unique = uniqueRefusal(err);
  if (unique) return unique;
  if (code.startsWith('FST_CSRF')) {
    return { status: 403, code: 'csrf', title: 'Форма устарела', message: 'Страница была открыта слишком давно или в другой вкладке. Обновите страницу и отправьте форму ещё раз.' };
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
    return { status: 413, title: 'Слишком большой запрос', message: 'Отправленные данные слишком велики. Сократите текст или файл.' };
  }
  if (err.statusCode === 429) {
    return { status: 429, title: 'Слишком много запросов', message: 'Слишком много попыток за короткое время. Подождите минуту и попробуйте снова.' };
  }
  if (err.statusCode === 415) {
    return { status: 415, title: 'Неподдерживаемый формат', message: 'Данные отправлены в формате, который сервер не принимает.' };
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, title: 'Некорректный запрос', message: 'Запрос не удалось разобрать. Вернитесь назад и попробуйте снова.' };
  }
  return { status: 500, title: 'Внутренняя ошибка', message: 'Что-то пошло не так на сервере. Мы уже знаем об ошибке; сохранённые данные не потеряны.' };
}

/**
 * A unique constraint that a handler's own check did not catch: two people saved the same thing at once (the check of
 * each ran before the other's write). The transaction is rolled back; a 409 with what to do, never a 500.
 */
function uniqueRefusal(err: unknown): Known | null {
  const e = pgError(err);
  if (e?.code !== '23505') return null;
  if (/_snils$/.test(e.constraint ?? '') || /_snils"/.test(e.message ?? '')) {
    return { status: 409, title: 'СНИЛС уже записан', message: 'Этот СНИЛС уже записан в другой карточке школы (её могли сохранить только что). Ничего не изменено. Вернитесь назад и проверьте номер.' };
  }
  return {
    status: 409, title: 'Такая запись уже есть',
    message: 'Такая запись уже сохранена — возможно, только что, в другой вкладке или другим сотрудником. Ничего не изменено. Обновите страницу и проверьте данные.',
  };
}

/** «5 секунд», «3 секунды», «1 секунду». */
export function seconds(n: number): string {
  return `${n} ${plural(n, ['секунду', 'секунды', 'секунд'])}`;
}

/** Beyond capacity (web/pressure.ts): the whole server. */
export const OVERLOADED = {
  title: 'Сервер перегружен',
  message: (s: number) => `Сейчас к «Отметке» обращается очень много людей одновременно. Подождите ${seconds(s)} `
    + 'и обновите страницу. Сохранённые данные не потеряны.',
};

/** Beyond capacity: the login page's password check (modules/accounts/password-queue.ts). */
export const TOO_MANY_LOGINS = {
  title: 'Слишком много входов одновременно',
  message: (s: number) => `Сейчас в «Отметку» входит очень много людей одновременно. Подождите ${seconds(s)} `
    + 'и нажмите «Войти» ещё раз.',
};

/** …any other password check (changing one's password, issuing passwords): nothing was changed. */
const TOO_MANY_PASSWORDS = {
  title: 'Сервер перегружен',
  message: (s: number) => `Сервер сейчас проверяет очень много паролей одновременно. Ничего не изменено. Подождите ${seconds(s)} `
    + 'и попробуйте снова.',
};

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

async function renderError(request: FastifyRequest, reply: FastifyReply, e: Known) {
  if (e.retryAfter) reply.header('retry-after', String(e.retryAfter));
  if (wantsJson(request)) {
    return reply.code(e.status).send({ error: e.message, requestId: String(request.id), ...(e.code ? { code: e.code } : {}) });
  }
  try {
    return await reply.page('errors/error', { title: e.title, errorTitle: e.title, message: e.message }, e.status);
  } catch (renderErr) {
    request.log.error({ err: renderErr }, 'error page failed to render');
    return reply.code(e.status).type('text/plain; charset=utf-8').send(`${e.title}. Код запроса: ${request.id}`);
  }
}

export function registerErrorPages(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const e = describeError(err);
    if (err instanceof PasswordQueueFull) request.log.warn('password queue full: request refused');
    else if (e.status === 503) request.log.warn({ db: faultSummary(err) }, 'database unavailable');
    else if (e.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: err.code, status: e.status }, err.message);
    return renderError(request, reply, e);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const e = { status: 404, title: 'Страница не найдена', message: 'Такой страницы нет, или у вас нет к ней доступа.' };
    return renderError(request, reply, e);
  });
}

const BAD_URL = { title: 'Некорректный адрес', message: 'Адрес страницы повреждён (например, обрезан при копировании). Вернитесь назад и откройте ссылку ещё раз.' };

/**
 * A short page of its own, without the layout, the session or the CSRF token (JSON for JSON requests), for answers given
 * before any of that is loaded — cheap on purpose. Sets the status and type and returns the body, for the caller to send.
 */
export function plainBody(request: FastifyRequest, reply: FastifyReply, status: number, text: { title: string; message: string }) {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return { error: text.message, requestId: String(request.id) };
  reply.type('text/html; charset=utf-8');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${text.title}</title><link rel="stylesheet" href="/static/css/app.css"></head><body><main><section class="card narrow">`
    + `<h1>${text.title}</h1><p>${text.message}</p><p class="hint">Код запроса: <code>${String(request.id)}</code></p>`
    + `<p><a href="/">На главную</a></p></section></main></body></html>`;
}

/**
 * The answer beyond capacity (web/request-gate.ts, web/pressure.ts): 503, Retry-After and the short «Сервер перегружен»
 * page. Returns the refusal for one guard: its log line comes once a second at most, with the count since the last one —
 * under a flood a line per refusal would add to the load.
 */
export function overloadRefusal(what: string) {
  let refused = 0;
  let loggedAt = 0;
  return (request: FastifyRequest, reply: FastifyReply, seconds: number, fields: Record<string, unknown> = {}) => {
    refused++;
    if (Date.now() - loggedAt >= 1000) {
      request.log.warn({ refused, ...fields }, what);
      loggedAt = Date.now();
      refused = 0;
    }
    reply.header('retry-after', String(seconds));
    return reply.send(plainBody(request, reply, 503, { title: OVERLOADED.title, message: OVERLOADED.message(seconds) }));
  };
}

/**
 * fastify's `frameworkErrors`: a path it cannot decode (a broken percent escape such as «%E0%A4%A») never reaches a route,
 * the hooks or the error handler — and fastify's own answer is English JSON. Here it gets a short Russian one. The reply
 * has none of the app's decorators yet (no layout, no session): a small page of its own.
 */
export function badUrl(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.log.info({ code: error.code }, 'bad url');
  return reply.send(plainBody(request, reply, 400, BAD_URL));
}

/** The 404 every handler answers for another school's id or an object outside the actor's scope. */
export function notFound(reply: FastifyReply) {
  return reply.page('errors/error', {
    title: 'Страница не найдена', errorTitle: 'Страница не найдена', message: 'Такой страницы нет, или у вас нет к ней доступа.',
  }, 404);
}
