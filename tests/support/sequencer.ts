import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The integration files that take minutes rather than seconds. On a fresh machine (no vitest cache: CI's clone too)
// vitest starts the largest files first and smoke.test.ts — small, but the longest by far — came last, leaving one
// worker running it alone for the last three minutes. With a cache vitest already runs the slowest first.
const SLOW = ['smoke.test.ts', 'fuzz-forms.test.ts', 'journal-demo.test.ts', 'review-journal-diary.test.ts', 'schedule-layout-speed.test.ts'];

const slowRank = (spec: TestSpecification): number => {
  const i = SLOW.findIndex((name) => spec.moduleId.endsWith(`/${name}`));
  return i < 0 ? SLOW.length : i;
};

/** vitest's order, with the known slow files moved to the front of their project. */
export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projectAt = new Map<string, number>();
    sorted.forEach((spec, at) => { if (!projectAt.has(spec.project.name)) projectAt.set(spec.project.name, at); });
    const key = (spec: TestSpecification) => [projectAt.get(spec.project.name)!, slowRank(spec)] as const;
    return sorted.map((spec, at) => ({ spec, at, key: key(spec) }))
      .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.at - b.at)
      .map((x) => x.spec);
  }
}
