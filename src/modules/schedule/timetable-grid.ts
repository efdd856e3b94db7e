// The edit grid of a timetable version for one class: weekdays × the class's bell numbers, each cell with its slots.
import type { Facts, GroupInfo } from './timetable-facts.ts';
import type { SlotRow } from './timetable-queries.ts';
import { WEEKDAYS_SHORT } from './timetable-rules.ts';

export type GridSlot = SlotRow & { label: string; subjectName: string; groupName: string; teacher: string };
export type GridRow = { lessonNumber: number; time: string; cells: GridSlot[][] };

export const GRID_DAYS = [1, 2, 3, 4, 5, 6].map((d) => ({ weekday: d, short: WEEKDAYS_SHORT[d - 1]! }));

/** Groups that take part in a class's timetable: its own groups and cross-class groups with its students. */
export function groupsOfClass(facts: Facts, classId: string): GroupInfo[] {
  return facts.groupList.filter((g) => g.classIds.includes(classId));
}

export function buildGrid(facts: Facts, slots: SlotRow[], classId: string, shift: number): GridRow[] {
  const ids = new Set(groupsOfClass(facts, classId).map((g) => g.id));
  const bells = facts.bells.get(shift) ?? new Map<number, { startsAt: string; endsAt: string }>();
  const mine = slots.filter((s) => ids.has(s.groupId));
  const maxSlot = Math.max(0, ...mine.map((s) => s.lessonNumber));
  const numbers = [...new Set([...bells.keys(), ...Array.from({ length: Math.max(maxSlot, bells.size ? 0 : 6) }, (_, i) => i + 1)])].sort((a, b) => a - b);
  return numbers.map((n) => {
    const b = bells.get(n);
    return {
      lessonNumber: n,
      time: b ? `${b.startsAt}–${b.endsAt}` : '',
      cells: GRID_DAYS.map(({ weekday }) => mine.filter((s) => s.weekday === weekday && s.lessonNumber === n).map((s) => {
        const g = facts.groups.get(s.groupId);
        return { ...s, label: g?.label ?? '', subjectName: g?.subjectName ?? '', groupName: !g || g.kind === 'class' ? '' : g.name.replace(`${g.className ?? ''} — ${g.subjectName}`, '').replace(/^[,\s]+/, '') || g.name, teacher: facts.staffNames.get(s.staffId) ?? '' };
      })),
    };
  });
}
