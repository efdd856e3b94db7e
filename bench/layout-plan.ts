// Pure part of laying lessons out for a whole school (no database): plan + diff of ~50,000 lessons.
// Run: node --import tsx bench/layout-plan.ts
import { diffLayout, planLessons, type PlanSlot } from '../src/modules/schedule/layout-rules.ts';

const cal = { startsOn: '2026-09-01', endsOn: '2027-05-31', holidays: [{ startsOn: '2026-10-26', endsOn: '2026-11-04', grades: null }], transfers: [] };
const slots: PlanSlot[] = [];
for (let c = 0; c < 44; c += 1) for (let k = 0; k < 34; k += 1) {
  slots.push({ id: `s${c}-${k}`, weekday: 1 + (k % 6), lessonNumber: 1 + Math.floor(k / 6), groupId: `g${c}-${k % 12}`, staffId: `t${k}`, room: '1', weekParity: null });
}
let t = performance.now();
const planned = planLessons(cal, [{ timetableId: 'v', validFrom: cal.startsOn, validUntil: null, slots }], (id) => 1 + (Number(id.split('-')[0]!.slice(1)) % 11));
console.log(`plan: ${planned.length} lessons in ${Math.round(performance.now() - t)} ms`);
const existing = planned.map((p, i) => ({ ...p, id: `l${i}`, origin: 'timetable', offTimetable: false, hasContent: false }));
t = performance.now();
const d = diffLayout(planned, existing);
console.log(`diff: kept ${d.kept} in ${Math.round(performance.now() - t)} ms`);
