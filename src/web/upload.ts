import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readTable, type ReadResult } from '../modules/imports/decode.ts';

/**
 * One uploaded file, read into memory (imports of staff, students, КТП) and already parsed as a table (CSV/XLSX) —
 * both before the handler, so no request transaction is open while a file is read or parsed.
 */
export type Upload = { fileName: string; data: Buffer; table: ReadResult };

declare module 'fastify' {
  interface FastifyRequest {
    /** The file of a single-file upload form, or null when none was chosen. */
    upload: Upload | null;
  }
}

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const TOO_LARGE = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

/** A file name as sent by the browser, without any folder part, safe to store and show. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'файл').slice(0, 200);
}

/**
 * Multipart for one encapsulated scope only (other routes keep refusing multipart): one file of at most 5 MB,
 * a few small fields. The fields become plain body values, so the CSRF check (preHandler) reads body._csrf as usual.
 * `refused` renders the form again (413) when the file is too large or there are too many parts.
 */
export async function acceptSingleFileUpload(
  scope: FastifyInstance,
  refused: (request: FastifyRequest, reply: FastifyReply, tooLarge: boolean) => Promise<unknown>,
): Promise<void> {
  scope.decorateRequest('upload', null);
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 8 },
    async onFile(part) {
      const data = await part.toBuffer();
      // A browser sends an empty part with no name when no file was chosen.
      if (data.length === 0 && !part.filename) return;
      this.upload = { fileName: cleanFileName(part.filename), data, table: await readTable(data) };
    },
  });
  scope.setErrorHandler(async (err: FastifyError, request, reply) => {
    if (!TOO_LARGE.has(err.code)) throw err;
    request.log.info({ code: err.code }, 'upload refused');
    // The error handler runs outside the route's transaction: the form is rendered again in one of the school's own.
    return request.inSchool(() => refused(request, reply, err.code === 'FST_REQ_FILE_TOO_LARGE'));
  });
}
