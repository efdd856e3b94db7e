// The medal candidates' tables (the page, the CSV and the XLSX come from them): the candidates and near-candidates with
// what qualifies them or stands in the way; the counts per class; each listed student's marks by subject.
import type { ReportRow, ReportTable } from '../core/table.ts';
import type { ClassRef } from '../load-lookups.ts';
import { listed, type Candidate } from './model.ts';
import { AWARD_TITLES, markText, NEAR_TITLES, standingInTheWay, type Award, type CandidateMark, type Thresholds } from './rules.ts';

const RANK: Record<Award, number> = { first: 0, second: 1, distinction: 0 };
const rank = (c: Candidate) => (c.verdict.award !== null ? RANK[c.verdict.award] : 10 + RANK[c.verdict.near!]);

/** Grade 11 first, then grade 9; within a grade the first degree, the second, the near-candidates; then class, then name. */
export function ordered(list: readonly Candidate[], classes: readonly ClassRef[]): Candidate[] {
  const order = new Map(classes.map((c, i) => [c.id, i]));
  return list.filter(listed).map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.grade - a.c.grade || rank(a.c) - rank(b.c) || order.get(a.c.classId)! - order.get(b.c.classId)! || a.i - b.i)
    .map((x) => x.c);
}

/** The candidates: the award (or «близко к …»), the counts of «5» and «4», where the «4» are, what stands in the way. */
export function candidatesTable(list: readonly Candidate[], className: (id: string) => string, t: Thresholds): ReportTable {
  return {
    name: 'candidates', title: 'Кандидаты',
    columns: [
      { key: 'className', title: 'Класс', kind: 'text' }, { key: 'student', title: 'Обучающийся', kind: 'text' },
      { key: 'award', title: 'Итог', kind: 'text' }, { key: 'fives', title: '«5»', kind: 'int' }, { key: 'fours', title: '«4»', kind: 'int' },
      { key: 'where', title: 'Где «4»', kind: 'text' }, { key: 'obstacle', title: 'Мешает', kind: 'text' },
      { key: 'forecast', title: 'Прогноз', kind: 'text' },
    ],
    rows: list.map((c) => {
      const v = c.verdict;
      return {
        className: className(c.classId), student: c.student, award: v.award !== null ? AWARD_TITLES[v.award] : NEAR_TITLES[v.near!],
        fives: v.fives, fours: v.fours.length, where: v.fours.map((m) => markText(m, false)).join(', '),
        obstacle: standingInTheWay(v, t), forecast: v.forecast ? 'прогноз' : '',
      };
    }),
  };
}

/** Per class: students on the roll, candidates of each award, near-candidates (an award a grade has not is empty). */
export function classesTable(all: readonly Candidate[], classes: readonly ClassRef[]): ReportTable {
  const count = (cs: readonly Candidate[], award: Award) => cs.filter((c) => c.verdict.award === award).length;
  const rows: ReportRow[] = classes.map((cl) => {
    const cs = all.filter((c) => c.classId === cl.id);
    const eleven = cl.grade === 11;
    return {
      className: cl.name, onRoll: cs.length, first: eleven ? count(cs, 'first') : null, second: eleven ? count(cs, 'second') : null,
      distinction: eleven ? null : count(cs, 'distinction'), near: cs.filter((c) => c.verdict.near !== null).length,
    };
  });
  return {
    name: 'classes', title: 'По классам',
    columns: [
      { key: 'className', title: 'Класс', kind: 'text' }, { key: 'onRoll', title: 'Учащихся', kind: 'int' },
      { key: 'first', title: 'Медаль I степени', kind: 'int' }, { key: 'second', title: 'Медаль II степени', kind: 'int' },
      { key: 'distinction', title: 'Аттестат с отличием', kind: 'int' }, { key: 'near', title: 'Близко', kind: 'int' },
    ],
    rows,
  };
}

const SOURCE_NOTE = { final: '', year: '', forecast: ' (прогноз)' } as const;
const shown = (m: CandidateMark | undefined) => (m ? `${m.value ?? '—'}${m.value === null ? '' : SOURCE_NOTE[m.source]}` : '');

/** The marks of the listed 11th graders: per subject the year mark of grade 10 and of grade 11. */
export function marks11Table(list: readonly Candidate[], className: (id: string) => string): ReportTable {
  const rows = list.filter((c) => c.grade === 11).flatMap((c) => {
    const subjects = [...new Set(c.marks.map((m) => m.subjectName))];
    return subjects.map((s) => ({
      className: className(c.classId), student: c.student, subject: s,
      g10: shown(c.marks.find((m) => m.subjectName === s && m.grade === 10)), g11: shown(c.marks.find((m) => m.subjectName === s && m.grade === 11)),
    }));
  });
  return {
    name: 'marks11', title: 'Годовые отметки кандидатов 11-х классов',
    columns: [
      { key: 'className', title: 'Класс', kind: 'text' }, { key: 'student', title: 'Обучающийся', kind: 'text' },
      { key: 'subject', title: 'Предмет', kind: 'text' }, { key: 'g10', title: '10 кл.', kind: 'text' }, { key: 'g11', title: '11 кл.', kind: 'text' },
    ],
    rows,
  };
}

const SOURCE_TITLES = { final: 'итоговая', year: 'годовая', forecast: 'прогноз годовой' } as const;

/** The marks of the listed 9th graders: per subject the final mark, or the year mark, or its forecast — and which. */
export function marks9Table(list: readonly Candidate[], className: (id: string) => string): ReportTable {
  return {
    name: 'marks9', title: 'Итоговые отметки кандидатов 9-х классов',
    columns: [
      { key: 'className', title: 'Класс', kind: 'text' }, { key: 'student', title: 'Обучающийся', kind: 'text' },
      { key: 'subject', title: 'Предмет', kind: 'text' }, { key: 'value', title: 'Отметка', kind: 'text' },
      { key: 'source', title: 'Какая', kind: 'text' },
    ],
    rows: list.filter((c) => c.grade === 9).flatMap((c) => c.marks.map((m) => ({
      className: className(c.classId), student: c.student, subject: m.subjectName, value: m.value ?? '—',
      source: m.value === null ? 'нет отметки' : SOURCE_TITLES[m.source],
    }))),
  };
}
