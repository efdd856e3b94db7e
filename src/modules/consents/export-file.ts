// The file of a person's data: a ZIP with a Russian README, all of it in data.json, and the lists as CSV (UTF-8 with BOM,
// «;» — what a spreadsheet opens as is). Built in memory: one person's data is small.
import { stringify } from 'csv-stringify/sync';
import { ZipFile } from 'yazl';
import { ruDate } from '../../web/dates.ts';
import type { PersonData } from './export-data.ts';
import { KEPT_BY_LAW, OPTIONAL_DATA } from './rules.ts';

const csv = (rows: readonly Record<string, unknown>[], columns: Record<string, string>) => {
  const cells = rows.map((r) => Object.keys(columns).map((k) => r[k] ?? ''));
  return `\ufeff${stringify(cells, { header: true, columns: Object.values(columns), delimiter: ';', record_delimiter: 'windows' })}`;
};

function readme(data: PersonData, meta: { school: string; name: string; today: string }): string {
  const lists = data.kind === 'student'
    ? [
      'marks.csv — отметки по урокам', 'attendance.csv — пропуски и опоздания',
      'period-marks.csv — отметки за четверти (полугодия), год, экзамены',
    ]
    : ['messages.csv — сообщения, написанные учителям'];
  return [
    `Персональные данные: ${meta.name}`,
    `Школа: ${meta.school}. Выгрузка от ${ruDate(meta.today)} по запросу субъекта персональных данных (152-ФЗ, ст. 14).`,
    '',
    'Что в архиве:',
    '- data.json — все сведения в одном файле: карточка, согласия на обработку персональных данных,',
    `  ${data.kind === 'student' ? 'родители, классы и приказы книги движения, отметки и посещаемость' : 'дети, сообщения'},`,
    '  учётная запись, настройки уведомлений, журнал действий с карточкой и согласиями (кто и когда менял, роль);',
    '- consents.csv — согласия и их отзывы;',
    ...lists.map((l) => `- ${l};`),
    '',
    'Что школа хранит и после отзыва согласия (этого требует закон):',
    ...KEPT_BY_LAW.map((k) => `- ${k};`),
    '',
    'Что хранится только при действующем согласии и удаляется при его отзыве:',
    ...Object.values(OPTIONAL_DATA).map((d) => `- ${d.label};`),
    '',
    'Даты в CSV — ГГГГ-ММ-ДД, время в data.json — UTC (ISO 8601). Файлы CSV открываются в Excel и LibreOffice.',
    '',
  ].join('\r\n');
}

export async function personZip(data: PersonData, meta: { school: string; name: string; today: string }): Promise<Buffer> {
  const zip = new ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text, 'utf8'), name);
  add('README.txt', readme(data, meta));
  add('data.json', JSON.stringify({ exportedOn: meta.today, school: meta.school, ...data }, null, 2));
  add('consents.csv', csv(data.consents.map((c) => ({ ...c, purposes: c.purposes.join('; '), erased: (c.erased ?? []).join(', ') })), {
    document: 'Документ', givenOn: 'Дата', givenBy: 'Кто дал', purposes: 'Цели', withdrawnOn: 'Отозвано',
    withdrawalDocument: 'Документ об отзыве', erased: 'Удалено при отзыве',
  }));
  if (data.kind === 'student') {
    add('marks.csv', csv(data.marks, { date: 'Дата', lesson: 'Урок', subject: 'Предмет', value: 'Отметка', comment: 'Комментарий' }));
    add('attendance.csv', csv(data.attendance.map((a) => ({ ...a, kind: a.kind === 'late' ? 'опоздание' : 'н' })),
      { date: 'Дата', lesson: 'Урок', subject: 'Предмет', kind: 'Отметка', reason: 'Причина' }));
    add('period-marks.csv', csv(data.periodMarks, { subject: 'Предмет', kind: 'Вид', period: 'Период', value: 'Отметка' }));
  } else {
    add('messages.csv', csv(data.messages, { at: 'Когда (UTC)', thread: 'Тема', text: 'Текст' }));
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The download's name: ASCII only (a header), the date in it. */
export function zipName(kind: 'student' | 'guardian', today: string): string {
  return `personal-data-${kind}-${today}.zip`;
}
