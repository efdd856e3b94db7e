// Integration and browser tests run on the demo year at a fixed moment: Monday 23.11.2026, 10:00 Moscow time (quarter 2,
// after the first quarter was closed). The app's clock starts there and runs on; the demo is seeded around it.
import { setClock } from '../../src/web/clock.ts';

export const TEST_NOW = '2026-11-23T10:00:00+03:00';

setClock(TEST_NOW);
