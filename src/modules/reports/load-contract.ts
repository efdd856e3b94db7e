// A local copy of the reports core's table types (contract of issue 12, core/table.ts), used by the load reports
// (accumulation, control works, homework load) until the core lands; then they import the core's own and this goes.
export type ColumnKind = 'text' | 'int' | 'number' | 'percent' | 'date';
export type Column = { key: string; title: string; kind: ColumnKind };
export type Cell = string | number | null;
export type ReportTable = { name: string; title: string; columns: Column[]; rows: Record<string, Cell>[] };

// core/scope.ts of the contract: what this person may see in reports.
export type ReportScope =
  | { kind: 'school' }
  | { kind: 'staff'; staffId: string; classIds: string[]; groupIds: string[] };
