import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { sections, pageWidth } from './persona.ts';

async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('otmetka-demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

/**
 * Until the curriculum seed makes teaching groups, the teacher's 5А maths group is added here (PostgreSQL runs only:
 * the e2e database is otmetka_e2e_<port> on the TEST_DATABASE_URL server).
 */
test.beforeAll(async () => {
  const server = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!server) return;
  const url = new URL(server);
  url.pathname = `/otmetka_e2e_${process.env.E2E_PORT || '3210'}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query(`select 1 from teaching_groups g join classes c on c.school_id = g.school_id and c.id = g.class_id
      join subjects s on s.school_id = g.school_id and s.id = g.subject_id where c.name = '5А' and s.name = 'Математика' and g.kind = 'class'`);
    if (found.rowCount) return;
    await client.query(`with c as (select c.school_id, c.id, c.year_id from classes c join schools sc on sc.id = c.school_id
        where c.name = '5А' and sc.name like '%школа № 1%'),
      s as (select s.id from subjects s join c on s.school_id = c.school_id where s.name = 'Математика'),
      st as (select m.staff_id from memberships m join accounts a on a.id = m.account_id join c on m.school_id = c.school_id where a.login = 'teacher'),
      g as (insert into teaching_groups (school_id, year_id, subject_id, kind, class_id, name)
        select c.school_id, c.year_id, s.id, 'class', c.id, '5А Математика' from c, s returning school_id, id)
      insert into group_teachers (school_id, group_id, staff_id, starts_on) select g.school_id, g.id, st.staff_id, '2026-09-01' from g, st`);
  } finally {
    await client.end();
  }
});

const CSV = ['№;Раздел;Тема урока;Часы', '1;Натуральные числа и нуль;Десятичная система счисления;1', '2;Натуральные числа и нуль;Ряд натуральных чисел;2', '3;;Сравнение натуральных чисел;3'].join('\r\n');

test.describe('КТП on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the teacher opens her 5А maths КТП, imports a small CSV and sees the topics', async ({ page }) => {
    await logIn(page, 'teacher');
    await (await sections(page)).getByRole('link', { name: 'КТП' }).click();
    await expect(page).toHaveURL('/ktp');
    const row = page.locator('table.ktp-groups tbody tr').filter({ hasText: '5А' }).filter({ hasText: 'Математика' }).first();
    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('КТП:');

    await page.locator('#ktp-file').setInputFiles({ name: 'ktp.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${CSV}\r\n`, 'utf8') });
    await page.getByRole('button', { name: 'Проверить файл' }).click();
    await expect(page.getByText('В файле 3 тем, 6 часов. Ошибок нет.')).toBeVisible();
    await page.getByRole('button', { name: /^(Загрузить 3 тем|Заменить \d+ тем на 3)$/ }).click();

    await expect(page.getByText(/КТП загружен: \d+ тем заменено на 3\./)).toBeVisible();
    const titles = page.locator('table.ktp-topics tbody td.ktp-title');
    await expect(titles).toHaveText(['Десятичная система счисления', 'Ряд натуральных чисел', 'Сравнение натуральных чисел']);
    await expect(page.locator('#ktp-total-hours')).toHaveText('6');

    // Add one more by hand and move it up.
    await page.locator('#ktp-title').fill('Округление натуральных чисел');
    await page.locator('#ktp-hours').fill('2');
    await page.getByRole('button', { name: 'Добавить тему' }).click();
    await expect(titles).toHaveCount(4);
    await page.getByRole('button', { name: 'Переместить тему 4 выше' }).click();
    await expect(titles.nth(2)).toHaveText('Округление натуральных чисел');
    expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);

    // The lessons already given kept the demo's topics: the page lists where they part from the new plan.
    await expect(page.locator('#ktp-progress-summary'))
      .toContainText(/Проведено \d+ урок\S*, по КТП к сегодняшнему дню — \d+ час\S*; расхождений с планом: [1-9]\d*\./);
    await expect(page.locator('.ktp-mismatches li').first()).toContainText('по КТП:');
    await page.getByRole('button', { name: 'Применить КТП к будущим урокам' }).click();
    await expect(page.getByText('Будущие уроки уже идут по КТП.').first()).toBeVisible();
    expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
    await page.screenshot({ path: '.tmp/pw-3402/ktp-group-360.png', fullPage: true });
  });
});
