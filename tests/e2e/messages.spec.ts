import { expect, test, type Page } from '@playwright/test';
import { logIn, logOut, sections, pageWidth } from './persona.ts';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

const noSideScroll = async (page: Page) => expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);

test('a parent writes to the maths teacher about Дмитрий, the teacher answers, the parent reads it (360 px)', async ({ page }) => {
  await logIn(page, 'parent');
  await (await sections(page)).getByRole('link', { name: 'Сообщения' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщения (1)');
  await page.getByRole('link', { name: 'Написать учителю' }).click();
  // Two children: pick Дмитрий first.
  await page.getByRole('link', { name: 'Морозов Дмитрий, 5А' }).click();
  await expect(page.getByText('О ребёнке: Морозов Дмитрий, 5А')).toBeVisible();
  // Sending without a recipient keeps the text and asks for one.
  await page.locator('#msg-subject').fill('Олимпиада');
  await page.locator('#msg-body').fill('Здравствуйте!\nМожно ли Дмитрию записаться на олимпиаду?');
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByText('Выберите, кому написать')).toBeVisible();
  await expect(page.locator('#msg-body')).toHaveValue('Здравствуйте!\nМожно ли Дмитрию записаться на олимпиаду?');
  await page.getByRole('radio', { name: /Иванова Мария Александровна/ }).check();
  await noSideScroll(page);
  await page.screenshot({ path: 'test-results/messages-new-360.png', fullPage: true });
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('status')).toContainText('Сообщение отправлено');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Олимпиада');
  await expect(page.locator('.msg-body').last()).toHaveText('Здравствуйте!\nМожно ли Дмитрию записаться на олимпиаду?');
  await noSideScroll(page);
  await logOut(page);

  await logIn(page, 'teacher');
  await expect(page.getByRole('link', { name: 'Сообщения (1 новое)' })).toBeVisible();
  await (await sections(page)).getByRole('link', { name: 'Сообщения' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщения (1)');
  const item = page.locator('.msg-thread', { hasText: 'Олимпиада' });
  await expect(item).toContainText('Морозов Дмитрий, 5А');
  await expect(item).toContainText('От: Морозова Анна Игоревна (мать)');
  await item.getByRole('link', { name: 'Олимпиада' }).click();
  await page.locator('#msg-body').fill('Да, запись до пятницы у меня в кабинете.');
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('status')).toContainText('Сообщение отправлено');
  await expect(page.locator('#last')).toContainText('Да, запись до пятницы у меня в кабинете.');
  await noSideScroll(page);
  await page.screenshot({ path: 'test-results/messages-thread-360.png', fullPage: true });
  await logOut(page);

  await logIn(page, 'parent');
  await (await sections(page)).getByRole('link', { name: 'Сообщения' }).click();
  // The demo's unread answer and this one.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщения (2)');
  await page.getByRole('link', { name: 'Олимпиада' }).click();
  await expect(page.locator('#last')).toContainText('Иванова Мария Александровна');
  await expect(page.locator('#last')).toContainText('новое');
  await page.getByRole('link', { name: 'Сообщения', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщения (1)');
  await page.screenshot({ path: 'test-results/messages-360.png', fullPage: true });
});
