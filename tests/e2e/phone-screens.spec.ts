// The first screens on a phone (360×740): the teacher's grid shows cells without scrolling — the header folded behind
// «Меню», short names whose rows line up with their cells, the average and the period mark in view — and the family's
// diary opens on «Что нового» with the week's navigation in one line. Screenshots go to test-results (and SHOTS_DIR).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { logIn, logOut, sections, pageWidth } from './persona.ts';

const PHONE = { width: 360, height: 740 };

async function shot(page: Page, name: string): Promise<void> {
  const file = test.info().outputPath(name);
  await page.screenshot({ path: file });
  if (process.env.SHOTS_DIR) {
    mkdirSync(process.env.SHOTS_DIR, { recursive: true });
    copyFileSync(file, path.join(process.env.SHOTS_DIR, name));
  }
}

/**
 * Where an element is on the first screen: still at the top of the page (window.scrollY 0), its box inside the viewport,
 * and not covered (the point at its centre is the element: no sticky column over it).
 */
const onFirstScreen = async (page: Page, selector: string) => page.evaluate(`(() => {
  const el = document.querySelector(${JSON.stringify(selector)});
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return { scrollY: window.scrollY, inside: r.top >= 0 && r.left >= 0 && r.bottom <= ${PHONE.height} && r.right <= ${PHONE.width},
    uncovered: hit === el || el.contains(hit) };
})()`) as Promise<{ scrollY: number; inside: boolean; uncovered: boolean }>;

/** Marks (data-probe) the top cell of the latest column that takes marks: the one a teacher types into first. */
async function probeLatestCell(page: Page): Promise<void> {
  const last = page.locator('input.cell-in').last();
  const column = `input.cell-in[data-lesson="${await last.getAttribute('data-lesson')}"][data-col="${await last.getAttribute('data-col')}"]`;
  await page.locator(column).first().evaluate((el) => el.setAttribute('data-probe', ''));
}

/** Each student's row: the name cell's and the first mark cell's top and height. */
const rowBoxes = (page: Page) => page.evaluate(`[...document.querySelectorAll('table.jgrid tbody tr')].map((tr) => {
  const th = tr.querySelector('th').getBoundingClientRect();
  const td = tr.querySelector('td').getBoundingClientRect();
  return { name: tr.dataset.name, th: [th.top, th.height], td: [td.top, td.height] };
})`) as Promise<Array<{ name: string; th: number[]; td: number[] }>>;

test('the grid at 360×740: «Меню» opens the sections, a cell and the average are on the first screen, rows line up', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await logIn(page, 'teacher');
  // The bar is the brand, «Выйти» and «Меню»: the sections are folded until the button opens them.
  const menu = page.getByRole('button', { name: 'Меню' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('navigation', { name: 'Разделы' })).toBeHidden();
  await expect(page.locator('header.top .who-name')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
  expect((await page.locator('header.top').boundingBox())!.height).toBeLessThanOrEqual(60);
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('header.top .who-name')).toHaveText('Иванова Мария Александровна');
  await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Журнал' }).click();
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('5А · Математика');
  await expect(page.locator('input.cell-in').first()).toHaveAttribute('aria-label', /, \d\d\.\d\d\.\d{4}, /); // grid.js has run

  // A cell to type into (the latest lesson that can be filled, the first student) is on the first screen, not under the
  // sticky columns.
  await probeLatestCell(page);
  const cell = await onFirstScreen(page, 'input[data-probe]');
  expect(cell).toEqual({ scrollY: 0, inside: true, uncovered: true });
  // The average and the period mark are in view without scrolling the period.
  for (const col of ['thead th.avg', 'thead th.pmark', 'tbody tr:first-child td.avg']) {
    expect((await onFirstScreen(page, col)).inside, col).toBe(true);
  }
  await shot(page, 'grid-360-first-visit.png');

  // Rows line up: each name cell is exactly as high as its row's cells, in whole pixels.
  const rows = await rowBoxes(page);
  expect(rows.length).toBeGreaterThan(20);
  for (const r of rows) {
    expect(r.th, r.name).toEqual(r.td);
    expect(Number.isInteger(r.th[1]), `${r.name}: ${r.th[1]} px`).toBe(true);
  }

  // A narrow name column, «Фамилия И.»; the full name on tap.
  const name = page.locator('tbody th.name').first();
  expect((await name.boundingBox())!.width).toBeLessThanOrEqual(125);
  const full = (await page.locator('tbody tr').first().getAttribute('data-name'))!;
  await expect(name.locator('.nm')).toHaveText(new RegExp(`^${full.split(' ')[0]} ${full.split(' ')[1]!.slice(0, 1)}\\.$`));
  await name.click();
  await expect(name.locator('.nm-full')).toBeVisible();
  await expect(name.locator('.nm-full')).toHaveText(full);
  expect((await name.locator('.nm-full').boundingBox())!.width).toBeGreaterThan(60);

  // The help was open on the first visit; it stays folded from then on, and more rows fit.
  await expect(page.locator('details.grid-help')).toHaveAttribute('open', '');
  await page.reload();
  await expect(page.locator('details.grid-help')).not.toHaveAttribute('open', '');
  await expect(page.locator('details.grid-help summary')).toBeVisible();
  await probeLatestCell(page);
  expect(await onFirstScreen(page, 'input[data-probe]')).toEqual({ scrollY: 0, inside: true, uncovered: true });
  await shot(page, 'grid-360.png');
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(PHONE.width);
});

test('without JavaScript «Меню» still opens the sections (a checkbox and its label)', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, 'teacher');
  const nav = page.getByRole('navigation', { name: 'Разделы' });
  await expect(nav).toBeHidden();
  await page.locator('label.menu-button').click();
  await expect(nav.getByRole('link', { name: 'Журнал' })).toBeVisible();
  await page.locator('label.menu-button').click();
  await expect(nav).toBeHidden();
  await context.close();
});

/**
 * The maths teacher gives Дмитрий a mark (another value than the one there) in 5А's latest lesson that can be filled:
 * a mark the parent has not seen, whatever earlier tests on the shared database did to her diary.
 */
async function newMarkForDmitry(page: Page): Promise<void> {
  await logIn(page, 'teacher');
  await page.goto('/journal');
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  const cell = page.locator('tbody tr[data-name^="Морозов Дмитрий"] input.cell-in').last();
  await expect(cell).toHaveAttribute('aria-label', /, \d\d\.\d\d\.\d{4}, /); // grid.js has run
  await cell.fill((await cell.inputValue()) === '5' ? '4' : '5');
  await cell.press('Tab');
  await expect(cell).toHaveClass(/\bsaved\b/);
  await logOut(page);
}

test('the diary at 360×740 opens on «Что нового»: new marks, homework, today, messages — then the week in one line', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await newMarkForDmitry(page);
  await logIn(page, 'parent');
  await (await sections(page)).getByRole('link', { name: 'Дневник' }).click();
  await page.getByRole('region', { name: 'Дмитрий Морозов' }).getByRole('link', { name: 'Дневник на неделю' }).click();
  const news = page.getByRole('region', { name: 'Что нового' });
  await expect(news).toBeVisible();
  const box = (await news.boundingBox())!;
  expect(box.y).toBeLessThan(PHONE.height / 3);
  expect(await page.evaluate('window.scrollY')).toBe(0);
  // The teacher's new mark (and, on a first visit, the last week's); the demo's unread answer of the maths teacher.
  await expect(news.getByRole('heading', { name: 'Отметки' })).toBeVisible();
  await expect(news.locator('.dy-news-marks li').first()).toBeVisible();
  await expect(news.getByRole('heading', { name: /^Задано / })).toBeVisible();
  await expect(news.getByRole('heading', { name: 'Сегодня' })).toBeVisible();
  await expect(news.getByRole('link', { name: '1 новое' })).toBeVisible();
  await shot(page, 'diary-360.png');

  // The week's navigation: one line, the date picker folded behind «Дата».
  const bar = page.getByRole('navigation', { name: 'Недели' });
  const barBox = (await bar.boundingBox())!;
  expect(barBox.height).toBeLessThanOrEqual(48);
  expect(barBox.width).toBeLessThanOrEqual(PHONE.width);
  await expect(page.locator('#dy-week')).toBeHidden();
  await bar.getByText('Дата').click();
  await expect(page.locator('#dy-week')).toBeVisible();
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(PHONE.width);

  // Seen once, the marks are no longer news.
  await page.reload();
  await expect(news.getByText('Новых отметок нет.')).toBeVisible();
});
