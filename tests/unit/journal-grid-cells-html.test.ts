import { describe, expect, it } from 'vitest';
import { gridCellsHtml } from '../../src/modules/journal/grid-cells-html.ts';
import type { GridCell, GridLessonView, GridRow } from '../../src/modules/journal/grid-model.ts';

const lessonOf = (id: string, mode: 'edit' | 'correct' | 'read', columns: number) => ({
  id, mode: { mode }, columnsShown: Array.from({ length: columns }, (_, i) => ({ lessonId: id, columnNo: i + 1, label: 'Отв', title: '', weight: 1, first: i === 0 })),
}) as unknown as GridLessonView;
const rowOf = (cells: GridCell[]) => ({ cells }) as unknown as GridRow;
const cell = (text: string, extra: Partial<GridCell> = {}): GridCell => ({ text, att: null, reason: null, inGroup: true, ...extra });

describe('gridCellsHtml: a row of the grid as the template wrote it', () => {
  it.each([
    ['an editable mark', 'edit', cell('5'), '<td><input class="cell-in" value="5" aria-labelledby="r3 c0"></td>\n'],
    ['a correctable empty cell', 'correct', cell(''), '<td><input class="cell-in" value="" aria-labelledby="r3 c0"></td>\n'],
    ['a read-only mark', 'read', cell('4'), '<td>4</td>\n'],
    ['an absence, editable', 'edit', cell('н', { att: 'absent', reason: 'болезнь' }), '<td class="att-absent"><input class="cell-in" value="н" aria-labelledby="r3 c0"></td>\n'],
    ['a late arrival, read-only', 'read', cell('оп', { att: 'late' }), '<td class="att-late">оп</td>\n'],
    ['not in the group that day: no input', 'edit', cell('', { inGroup: false }), '<td class="out"></td>\n'],
    ['absent and out', 'read', cell('н', { att: 'absent', inGroup: false }), '<td class="att-absent out">н</td>\n'],
    ['text is escaped', 'read', cell('<b>"&'), '<td>&lt;b&gt;&quot;&amp;</td>\n'],
  ] as const)('%s', (_name, mode, c, html) => {
    expect(gridCellsHtml(rowOf([c]), 3, [lessonOf('l1', mode, 1)])).toBe(html);
  });

  it('numbers the columns across lessons and gives each lesson its own mode', () => {
    const html = gridCellsHtml(rowOf([cell('5'), cell('3'), cell('4')]), 0, [lessonOf('a', 'edit', 2), lessonOf('b', 'read', 1)]);
    expect(html).toBe('<td><input class="cell-in" value="5" aria-labelledby="r0 c0"></td>\n'
      + '<td><input class="cell-in" value="3" aria-labelledby="r0 c1"></td>\n<td>4</td>\n');
  });
});
