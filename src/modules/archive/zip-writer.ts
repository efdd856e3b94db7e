// The archive's ZIP, written as a stream (yazl): one entry at a time, each piped from its source through a meter that
// takes its SHA-256 and size on the way in, so nothing of the year is held in memory and the manifest knows every file
// once its entry is written. CSV entries: UTF-8 with a BOM, ';' between cells, CRLF line ends, RFC 4180 quoting (as the
// reports' exports, so Russian Excel opens them), values exactly as stored (no formula defusing: the archive is a record).
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import yazl from 'yazl';
import { MANIFEST, SIGNATURE, type ManifestFile } from './rules.ts';

export type Cell = string | number | boolean | null | undefined;
type Source = AsyncIterable<string | Buffer> | Iterable<string | Buffer>;

export const CSV_FORMAT = { encoding: 'UTF-8 с BOM', separator: ';', lineEnd: 'CRLF', dates: 'ГГГГ-ММ-ДД; моменты — ISO 8601 UTC' };

/** Booleans as «да» / «нет»: the one cast of the archive's cells (dates arrive as ISO text already). */
const cellOf = (v: Cell): string | number | null => (typeof v === 'boolean' ? (v ? 'да' : 'нет') : v ?? null);

export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  /** The entries written so far, in order: what the manifest lists. */
  readonly files: ManifestFile[] = [];
  /** The entry being written: stopped when the output is (the reader went away), so the writing ends too. */
  private current: Transform | null = null;
  private closed = false;

  constructor(private readonly mtime: Date) {
    this.output.once('close', () => {
      this.closed = true;
      this.current?.destroy(new Error('archive output closed'));
    });
  }

  /** The ZIP's bytes, as they are produced (pipe it to a file or an HTTP answer). */
  get output(): Readable {
    return this.zip.outputStream as Readable;
  }

  /** A CSV entry: the header row, then the rows as they come. Returns the number of data rows. */
  async table(path: string, header: readonly string[], rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>): Promise<number> {
    let count = 0;
    async function* counted() {
      yield header.map(cellOf);
      for await (const r of rows) {
        count++;
        yield r.map(cellOf);
      }
    }
    const csv = stringify({ delimiter: ';', record_delimiter: 'windows', bom: true });
    await this.entry(path, Readable.from(counted()).pipe(csv), () => count);
    return count;
  }

  /** An entry from text or bytes (one piece, or pieces as they come). */
  async file(path: string, source: Source | Buffer | string, rows: number | null = null): Promise<void> {
    const pieces = typeof source === 'string' || Buffer.isBuffer(source) ? [source] : source;
    await this.entry(path, Readable.from(pieces), () => rows);
  }

  private async entry(path: string, source: Readable, rows: () => number | null): Promise<void> {
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer | string, _enc, done) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        hash.update(bytes);
        size += bytes.length;
        done(null, bytes);
      },
    });
    if (this.closed) throw new Error('archive output closed');
    this.current = meter;
    this.zip.addReadStream(meter, path, { mtime: this.mtime });
    await pipeline(source, meter);
    this.current = null;
    this.files.push({ path, size, sha256: hash.digest('hex'), rows: rows() });
  }

  /** The manifest and its signature as the last two entries, then the ZIP's central directory. */
  finish(manifest: Buffer, signatureB64: string): void {
    this.zip.addBuffer(manifest, MANIFEST, { mtime: this.mtime });
    this.zip.addBuffer(Buffer.from(`${signatureB64}\n`, 'ascii'), SIGNATURE, { mtime: this.mtime, compress: false });
    this.zip.end();
  }

  /** Stops the ZIP after a failure: whoever reads the output gets the error, not a short file that looks whole. */
  fail(err: unknown): void {
    this.output.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}
