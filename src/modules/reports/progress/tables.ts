// The progress summary's tables (the page, the CSV and the XLSX come from them): the figures per class, grade and school
// beside the previous period's; per subject for the classes shown; and the lists of students.
import type { ReportRow, ReportTable } from '../core/table.ts';
import { changePoints, numberCount, type ProgressSummary } from './figures.ts';
import { LIST_TITLES, type Level, type ListEntry } from './model.ts';

const pct = (title: string, key: string) => ({ key, title, kind: 'percent' as const });
const int = (title: string, key: string) => ({ key, title, kind: 'int' as const });

function figures(s: ProgressSummary): ReportRow {
  return {
    onRoll: s.onRoll, assessed: s.assessed, notAssessed: s.notAssessed, exempt: s.withExemptions,
    n5: s.counts.five, n4: s.counts.four, n3: s.counts.three, n2: s.counts.two + s.counts.one,
    excellent: s.categories.excellent, good: s.good, failing: s.categories.failing,
    success: s.success, quality: s.quality, sou: s.sou, average: s.average,
  };
}

/** The change of an average mark (two decimals); null when either side is null. */
const averageChange = (now: number | null, before: number | null) =>
  (now === null || before === null ? null : (Math.round(now * 100) - Math.round(before * 100)) / 100);

/** Per class (linked to its own page), grade and school, with the previous period's успеваемость and качество and the change of every figure. */
export function levelsTable(title: string, now: readonly Level[], before: ReadonlyMap<string, ProgressSummary> | null, href: (classId: string) => string): ReportTable {
  const previous = before
    ? [pct('Успеваемость, пред. период, %', 'prevSuccess'), { key: 'dSuccess', title: 'Изменение успеваемости, п.', kind: 'number' as const },
      pct('Качество, пред. период, %', 'prevQuality'), { key: 'dQuality', title: 'Изменение качества, п.', kind: 'number' as const },
      { key: 'dSou', title: 'Изменение СОУ, п.', kind: 'number' as const }, { key: 'dAverage', title: 'Изменение среднего балла', kind: 'number' as const }]
    : [];
  return {
    name: 'classes', title,
    columns: [
      { key: 'title', title: 'Класс', kind: 'text', href: 'href' }, int('На конец периода', 'onRoll'), int('Аттестовано', 'assessed'),
      int('Не аттестовано', 'notAssessed'), int('С освобождением', 'exempt'), int('«5»', 'n5'), int('«4»', 'n4'), int('«3»', 'n3'),
      int('«2»', 'n2'), int('Отличников', 'excellent'), int('Хорошистов', 'good'), int('Неуспевающих', 'failing'),
      pct('Успеваемость, %', 'success'), pct('Качество, %', 'quality'), pct('СОУ, %', 'sou'),
      { key: 'average', title: 'Средний балл', kind: 'number' }, ...previous,
    ],
    rows: now.map((l) => {
      const prev = before?.get(l.key) ?? null;
      return {
        title: l.title, href: l.classId ? href(l.classId) : null, _class: l.kind === 'class' ? '' : 'total', ...figures(l.summary),
        ...(before ? {
          prevSuccess: prev?.success ?? null, dSuccess: changePoints(l.summary.success, prev?.success ?? null),
          prevQuality: prev?.quality ?? null, dQuality: changePoints(l.summary.quality, prev?.quality ?? null),
          dSou: changePoints(l.summary.sou, prev?.sou ?? null), dAverage: averageChange(l.summary.average, prev?.average ?? null),
        } : {}),
      };
    }),
  };
}

/** Per subject over the classes shown: students, marks, успеваемость, качество, СОУ, the average. */
export function subjectsTable(s: ProgressSummary): ReportTable {
  return {
    name: 'subjects', title: 'По предметам',
    columns: [
      { key: 'subject', title: 'Предмет', kind: 'text' }, int('Обучающихся', 'students'), int('«5»', 'n5'), int('«4»', 'n4'), int('«3»', 'n3'),
      int('«2»', 'n2'), int('Зачёт', 'zach'), int('Незачёт', 'nezach'), int('Н/а', 'na'), int('Осв.', 'osv'), int('Нет отметки', 'none'),
      pct('Успеваемость, %', 'success'), pct('Качество, %', 'quality'), pct('СОУ, %', 'sou'), { key: 'average', title: 'Средний балл', kind: 'number' },
    ],
    rows: [...s.subjects].sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'ru')).map((x) => ({
      subject: x.subjectName, students: x.students, n5: x.counts.five, n4: x.counts.four, n3: x.counts.three, n2: x.counts.two + x.counts.one,
      zach: x.counts.zach, nezach: x.counts.nezach, na: x.counts.na, osv: x.counts.osv, none: x.counts.none,
      success: x.success, quality: x.quality, sou: x.sou, average: numberCount(x.counts) > 0 ? x.average : null,
      _class: x.counts.two + x.counts.one + x.counts.na + x.counts.nezach > 0 ? 'warn' : '',
    })),
  };
}

/** The lists: отличники, хорошисты, с одной «4», с одной «3» (and the subject), неуспевающие, не аттестованы (subjects). */
export function listsTable(entries: readonly ListEntry[], className: (id: string) => string): ReportTable {
  return {
    name: 'lists', title: 'Списки обучающихся',
    columns: [
      { key: 'list', title: 'Список', kind: 'text' }, { key: 'className', title: 'Класс', kind: 'text' },
      { key: 'student', title: 'Обучающийся', kind: 'text' }, { key: 'subjects', title: 'Предметы', kind: 'text' },
      { key: 'forecast', title: 'Прогноз', kind: 'text' },
    ],
    rows: entries.map((e) => ({
      list: LIST_TITLES[e.kind], className: className(e.classId), student: e.student, subjects: e.subjects, forecast: e.forecast ? 'прогноз' : '',
      _class: e.kind === 'failing' || e.kind === 'notAssessed' ? 'warn' : '',
    })),
  };
}
