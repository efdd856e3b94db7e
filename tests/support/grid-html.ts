// Reading the journal grid's HTML as the server sends it (before grid.js gives the inputs their data): the second header
// row names each column's lesson and mark column once, each row its student; the row's cells follow the columns' order.

/** The `<td>` of a student's mark in a lesson's column, or undefined when the grid has no such column or row. */
export function gridCell(html: string, lessonId: string, studentId: string, column = 1): string | undefined {
  const heads = [...html.matchAll(/<th class="col-type"[^>]*data-lesson="([^"]+)" data-col="(\d+)"[^>]*>/g)];
  const index = heads.findIndex((h) => h[1] === lessonId && h[2] === String(column));
  const row = new RegExp(`<tr data-student="${studentId}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (index < 0 || !row) return undefined;
  return [...row.matchAll(/<td[^>]*>[\s\S]*?<\/td>/g)].map((m) => m[0])[index];
}

/** The value a grid cell shows: an input's value, or the text of a read-only cell. */
export function cellValue(td: string | undefined): string | undefined {
  if (td === undefined) return undefined;
  return /value="([^"]*)"/.exec(td)?.[1] ?? td.replace(/<[^>]+>/g, '');
}

/** Does the lesson's first mark column take input in this grid (a `data-edit` on its header)? */
export const editableColumn = (html: string, lessonId: string) =>
  new RegExp(`data-lesson="${lessonId}" data-col="1" data-date="[^"]*" data-edit=`).test(html);
