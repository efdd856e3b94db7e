// Reading an exported OneRoster ZIP back (yauzl, csv-parse) and checking it against the binding: headers, manifest,
// references. The checks throw with the file, row and column of the first problem.
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import {
  DATA_FILES, DATE_COLUMNS, HEADERS, REFERENCES, REQUIRED, VOCABULARIES, type WrittenFile,
} from '../../src/modules/export/oneroster/spec.ts';

export type Table = { header: string[]; rows: Array<Record<string, string>> };

/** Every entry of a ZIP as text. */
export function unzip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

export function table(text: string): Table {
  const records = parse(text, { relax_column_count: false }) as string[][];
  const [header = [], ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/**
 * The package's files as tables, after checking: manifest.csv lists exactly the data files present (bulk) and every
 * other file of the binding as absent; each file's header is the binding's list; sourcedIds are unique in a file; every
 * referenced sourcedId exists in the file it points into; bulk rows leave status and dateLastModified empty; required
 * columns have a value, vocabulary columns a word of the vocabulary (or ext:…), date columns YYYY-MM-DD.
 */
export function checkPackage(entries: Map<string, string>): Map<WrittenFile, Table> {
  const manifest = table(entries.get('manifest.csv') ?? '');
  if (manifest.header.join() !== 'propertyName,value') throw new Error(`manifest header ${manifest.header.join()}`);
  const props = new Map(manifest.rows.map((r) => [r.propertyName!, r.value!]));
  if (props.get('manifest.version') !== '1.0' || props.get('oneroster.version') !== '1.2') throw new Error('manifest versions');
  const present = [...entries.keys()].filter((n) => n !== 'manifest.csv').map((n) => n.replace(/\.csv$/, '')).sort();
  const declared = DATA_FILES.filter((f) => props.get(`file.${f}`) === 'bulk').sort();
  if (present.join() !== declared.join()) throw new Error(`files ${present.join()} but manifest says ${declared.join()}`);
  for (const f of DATA_FILES) if (!['bulk', 'absent'].includes(props.get(`file.${f}`) ?? '')) throw new Error(`manifest file.${f}`);

  const tables = new Map<WrittenFile, Table>();
  for (const name of present) {
    const f = name as WrittenFile;
    const t = table(entries.get(`${name}.csv`)!);
    if (t.header.join() !== (HEADERS[f] as readonly string[]).join()) throw new Error(`${name}.csv header: ${t.header.join()}`);
    const ids = new Set<string>();
    t.rows.forEach((r, i) => {
      if (!r.sourcedId) throw new Error(`${name}.csv row ${i + 2}: no sourcedId`);
      if (ids.has(r.sourcedId)) throw new Error(`${name}.csv row ${i + 2}: sourcedId ${r.sourcedId} twice`);
      if (r.status || r.dateLastModified) throw new Error(`${name}.csv row ${i + 2}: status/dateLastModified in a bulk file`);
      ids.add(r.sourcedId);
      checkValues(f, r, i + 2);
    });
    tables.set(f, t);
  }
  for (const [f, t] of tables) {
    for (const [column, targets] of Object.entries(REFERENCES[f] ?? {})) {
      const known = new Set(targets.flatMap((target) => (tables.get(target)?.rows ?? []).map((r) => r.sourcedId!)));
      t.rows.forEach((r, i) => {
        const values = column.endsWith('Ids') ? (r[column] ?? '').split(',').filter(Boolean) : [r[column] ?? ''].filter(Boolean);
        for (const v of values) if (!known.has(v)) throw new Error(`${f}.csv row ${i + 2}: ${column} ${v} not in ${targets.join('/')}`);
      });
    }
  }
  return tables;
}

function checkValues(f: WrittenFile, r: Record<string, string>, line: number): void {
  for (const column of REQUIRED[f] as readonly string[]) if (!r[column]) throw new Error(`${f}.csv row ${line}: ${column} is required`);
  for (const [column, words] of Object.entries(VOCABULARIES[f] ?? {})) {
    for (const v of (r[column] ?? '').split(',').filter(Boolean)) {
      if (!words.includes(v) && !v.startsWith('ext:')) throw new Error(`${f}.csv row ${line}: ${column} «${v}» not in the vocabulary`);
    }
  }
  for (const column of DATE_COLUMNS) {
    const v = r[column];
    if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`${f}.csv row ${line}: ${column} «${v}» is not YYYY-MM-DD`);
  }
}
