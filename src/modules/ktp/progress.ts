// Planned vs given (pure): the КТП laid over the group's lessons in order, compared with what the lessons up to today
// hold. The fill never changes those lessons, so after the plan changes they may differ from it; this says where.
import { planSlots, sameTitle, type PlannedTopic } from './rules.ts';

export type ProgressLesson = {
  id: string; date: string; lessonNumber: number; topic: string | null; cancelled: boolean; overridden: boolean;
};

/** A lesson given (up to today) with another topic than the plan now puts at its place. */
export type Mismatch = {
  lessonId: string; date: string; lessonNumber: number; planned: string | null; given: string | null; own: boolean;
};

export type PlanProgress = {
  /** Lessons up to today that took place (not cancelled). */
  given: number;
  /** Lessons up to today that were cancelled. */
  cancelled: number;
  /** Plan hours due by today: one per lesson of the timetable up to today, cancelled ones included, at most the plan's hours. */
  plannedByToday: number;
  mismatches: Mismatch[];
  /** For each plan topic, the lessons (id and date) where it was given. */
  givenOn: Map<string, Array<{ lessonId: string; date: string }>>;
};

/**
 * Walks the lessons in date / lesson-number order as the fill does (a cancelled lesson takes no place, an overridden one
 * does). A lesson up to today whose topic is the title at its place was given as planned; otherwise it is a mismatch,
 * and if its topic is the title of another plan topic it counts as given for the one whose hours lie nearest to it.
 */
export function planProgress(lessons: readonly ProgressLesson[], topics: readonly PlannedTopic[], today: string): PlanProgress {
  const slots = planSlots(topics);
  const start = new Map<string, number>();
  slots.forEach((t, i) => { if (!start.has(t.id)) start.set(t.id, i); });
  const givenOn = new Map<string, Array<{ lessonId: string; date: string }>>(topics.map((t) => [t.id, []]));
  const mismatches: Mismatch[] = [];
  let place = 0;
  let given = 0;
  let cancelled = 0;
  for (const l of lessons) {
    if (l.date > today) break;
    if (l.cancelled) { cancelled += 1; continue; }
    const planned = slots[place] ?? null;
    place += 1;
    given += 1;
    const topic = l.topic?.trim() || null;
    if (planned && sameTitle(planned.title, topic)) {
      givenOn.get(planned.id)!.push({ lessonId: l.id, date: l.date });
      continue;
    }
    if (planned || topic) {
      mismatches.push({
        lessonId: l.id, date: l.date, lessonNumber: l.lessonNumber, planned: planned?.title ?? null, given: topic, own: l.overridden,
      });
    }
    const near = topic ? nearest(topics.filter((t) => sameTitle(t.title, topic)), start, place - 1) : undefined;
    if (near) givenOn.get(near.id)!.push({ lessonId: l.id, date: l.date });
  }
  return { given, cancelled, plannedByToday: Math.min(slots.length, given + cancelled), mismatches, givenOn };
}

/** Of the topics with one title, the one whose first hour is nearest to the place. */
function nearest(candidates: readonly PlannedTopic[], start: ReadonlyMap<string, number>, place: number): PlannedTopic | undefined {
  let best: PlannedTopic | undefined;
  for (const t of candidates) {
    const d = Math.abs((start.get(t.id) ?? 0) - place);
    if (!best || d < Math.abs((start.get(best.id) ?? 0) - place)) best = t;
  }
  return best;
}
