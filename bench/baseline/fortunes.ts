// The baseline's table: the twelve fortunes of the TechEmpower «Fortunes» test, in a table of its own (`bench_fortune`)
// of the bench database; the app's tables are not touched. Made by the harness before it starts the baseline.
import pg from 'pg';

export const FORTUNE_TABLE = 'bench_fortune';

export const FORTUNES: readonly string[] = [
  'fortune: No such file or directory',
  'A computer scientist is someone who fixes things that aren\'t broken.',
  'After enough decimal places, nobody gives a damn.',
  'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
  'A computer program does what you tell it to do, not what you want it to do.',
  'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
  'Any program that runs right is obsolete.',
  'A list is only as strong as its weakest link. — Donald Knuth',
  'Feature: A bug with seniority.',
  'Computers make very fast, very accurate mistakes.',
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  'フレームワークのベンチマーク',
];

/** Creates `bench_fortune` with its 12 rows when missing (ids 1–12; a second call changes nothing). */
export async function createFortuneTable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create table if not exists ${FORTUNE_TABLE} (id integer primary key, message text not null)`);
    const values = FORTUNES.map((_, i) => `($${2 * i + 1}::int, $${2 * i + 2})`).join(', ');
    await client.query(`insert into ${FORTUNE_TABLE} (id, message) values ${values} on conflict (id) do nothing`,
      FORTUNES.flatMap((message, i) => [i + 1, message]));
  } finally {
    await client.end();
  }
}
