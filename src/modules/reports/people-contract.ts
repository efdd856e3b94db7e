// A local copy of the reports core's table types (contract.md, core/table.ts) until the core lands on main; then the
// programme, timesheet and activity reports import ../core/table.ts and this file goes.
export type ColumnKind = 'text' | 'int' | 'number' | 'percent' | 'date';
export type Column = { key: string; title: string; kind: ColumnKind };
export type Cell = string | number | null;
export type ReportTable = { name: string; title: string; columns: Column[]; rows: Record<string, Cell>[] };
