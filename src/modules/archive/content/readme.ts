// The archive's first entries: README.txt (what each file holds, the CSV conventions, how to check the archive) and
// index.html (links to every summary sheet and journal page), so a person who opens the ZIP years later finds their way.
import { archiveHtml } from '../html.ts';
import type { ArchiveClass, ArchiveGroup, YearFacts } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

export function readmeText(f: YearFacts, createdAt: string, fingerprint: string): string {
  return `Архив учебного года — Отметка (электронный журнал)
${f.school.name}
Учебный год ${f.year.name} (${f.year.startsOn} — ${f.year.endsOn}), ${f.year.status === 'closed' ? 'закрыт' : 'НЕ ЗАКРЫТ: архив текущего состояния'}.
Составлен ${createdAt} (UTC).

Таблицы — CSV: UTF-8 с BOM, разделитель «;», строки CRLF, кавычки по RFC 4180 (открываются в Excel и LibreOffice).
Даты — ГГГГ-ММ-ДД, моменты времени — ISO 8601 в UTC. Значения — как хранятся в журнале, без изменений.

  periods.csv              учебные периоды года
  classes.csv              классы года и классные руководители
  students.csv             обучающиеся, бывшие в классах года
  class-memberships.csv    пребывание каждого обучающегося в классе (с какого дня, до какого, по какому приказу)
  class-lists.csv          списки классов на каждую дату изменения
  groups.csv               учебные группы (предмет, класс, учителя)
  group-members.csv        состав подгрупп, межклассных и индивидуальных групп
  lessons.csv              уроки: дата, учитель, замена, тема, что сделано, домашнее задание, контрольная работа
  individual-homework.csv  индивидуальные домашние задания
  marks.csv                все отметки с датой урока, видом работы и весом
  attendance.csv           отсутствия и опоздания с причинами
  period-marks.csv         отметки за периоды, годовые, экзаменационные и итоговые
  summary-sheets/          сводные ведомости итоговых отметок по классам: CSV, XLSX и HTML (для печати на A4)
  journal/                 страницы журнала каждой группы, как они печатаются на A4 (HTML; откройте и напечатайте)
  contingent/              книга движения: приказы (orders.csv) и движение обучающихся (movements.csv)
  audit/audit-events.csv   журнал изменений за даты года с цепочкой хешей: хеш записи = SHA-256(«хеш предыдущей|текст записи»)
  index.html               оглавление страниц для печати
  manifest.json            опись: каждый файл с размером, SHA-256 и числом строк; школа, год, итоги
  manifest.sig             подпись описи (Ed25519, base64) ключом сервера

Проверка целостности: npm run cli -- archive verify ФАЙЛ.zip [--key КЛЮЧ.pem]
Ключ сервера (открытый) — в manifest.json и на странице «Архив года»; отпечаток ${fingerprint}.
Без Отметки: SHA-256 каждого файла сравнивается с manifest.json (sha256sum), подпись manifest.sig проверяется
открытым ключом Ed25519 по байтам manifest.json (например, openssl pkeyutl -verify -pubin -rawin).
`;
}

export async function writeGuide(zip: ZipWriter, f: YearFacts, a: {
  createdAt: string; fingerprint: string; classes: readonly ArchiveClass[]; groups: readonly ArchiveGroup[];
}): Promise<void> {
  await zip.file('README.txt', readmeText(f, a.createdAt, a.fingerprint).replace(/\n/g, '\r\n'));
  await zip.file('index.html', archiveHtml('index', {
    title: `Архив учебного года ${f.year.name}`, school: f.school, year: f.year,
    classes: a.classes.map((c) => ({
      name: c.name, sheet: `summary-sheets/${c.dir}.html`,
      groups: a.groups.filter((g) => g.classId === c.id).map((g) => ({ name: g.name, href: g.journalPath })),
    })),
    crossClass: a.groups.filter((g) => g.classId === null).map((g) => ({ name: g.name, href: g.journalPath })),
  }));
}
