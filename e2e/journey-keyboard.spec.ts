// The store and the dashboard work from the keyboard alone: Tab to reach a control, Enter (or
// arrows in a radio group or select) to use it, typing into the focused field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startServer } from '../demo-site/server/app';
import { startFakePushService } from '../demo-site/server/fake-push-service';
import { postBatch, pushRecord } from '../demo-site/server/testing';
import { test, expect, events, waitForEvents } from './fixtures';
import { addToCart, failOnPageErrors } from './journey-helpers';

/** Presses Tab until `target` has focus (at most `max` times), then checks it does. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** Tabs to the field labelled `label` and types `text` into it. */
async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await tabTo(page, page.getByLabel(label, { exact: true }), 5);
  await page.keyboard.type(text);
}

test('keyboard only: skip link, pick a variant, add to cart, then find the visitor on Audience', async ({ page, server }) => {
  failOnPageErrors(page);
  await page.goto(`${server.url}/products/organic-cotton-tee`);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // Tab into the variant group, arrow to the next colour, tab to quantity and the button.
  const chalk = page.getByLabel('Chalk', { exact: true });
  for (let i = 0; i < 10 && !(await chalk.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(chalk).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Charcoal', { exact: true })).toBeChecked();
  await expect(page.locator('[data-sku]')).toHaveText('KL-TEE-CHARCOAL');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Quantity')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add to cart' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Added 1 × Organic Cotton Tee (Charcoal)' })).toBeVisible();
  const [added] = await waitForEvents(server, 1, "event = 'Added to Cart'");
  expect(JSON.parse(added!.properties ?? '{}')).toMatchObject({ product_id: '8003', variant_id: '800302', sku: 'KL-TEE-CHARCOAL', quantity: 1, price: 799, currency: 'INR' });

  // The dashboard: search from the keyboard, open the profile with Enter.
  await page.goto(`${server.url}/audience`);
  await page.getByLabel('Search profiles').focus();
  await page.keyboard.type(added!.anonymous_id!.slice(0, 8));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('profile-count')).toHaveText('1 profile.');
  const link = page.getByRole('link', { name: 'Anonymous visitor' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Anonymous visitor' })).toBeVisible();
  await expect(page.locator('.tl-custom').first()).toContainText('Added to Cart');
});

test('keyboard only: sign in and place an order at checkout, then fulfil it on /orders', async ({ page, server }) => {
  failOnPageErrors(page);
  await page.goto(server.url);
  await addToCart(page, 'Brass Tea Strainer', 'Antique');
  await page.goto(`${server.url}/checkout`);
  await tabTo(page, page.getByLabel('Email', { exact: true }));
  await page.keyboard.type('kavya@example.com');
  await tabTo(page, page.getByRole('button', { name: 'Sign in' }), 3);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Signed in as kavya@example.com.')).toBeVisible();
  await typeInto(page, 'First name', 'Kavya');
  await typeInto(page, 'Last name', 'Menon');
  await typeInto(page, 'Address', '3 Marine Drive');
  await typeInto(page, 'City', 'Kochi');
  await typeInto(page, 'PIN code', '682031');
  await tabTo(page, page.getByRole('radio', { name: 'UPI' }), 3);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Place order' }), 5);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Thank you, Kavya!' })).toBeVisible();
  const [charged] = await waitForEvents(server, 1, "event = 'Charged'");
  expect(charged!.email).toBe('kavya@example.com');
  const orderId = (JSON.parse(charged!.properties ?? '{}') as { order_id: string }).order_id;
  expect(JSON.parse(charged!.properties ?? '{}')).toMatchObject({ payment_method: 'card' });

  await page.goto(`${server.url}/orders`);
  const row = page.locator(`tr[data-order="${orderId}"]`);
  await tabTo(page, row.getByRole('button', { name: 'Fulfil' }));
  await page.keyboard.press('Enter');
  await expect(row.locator('[data-status]')).toHaveText('Fulfilled');
  expect(events(server, "event = 'Fulfilled Order'").map((e) => e.email)).toEqual(['kavya@example.com']);
});

test('keyboard only: compose and send a campaign from /campaigns', async ({ page }) => {
  const fake = await startFakePushService();
  const dataDir = mkdtempSync(join(tmpdir(), 'contlo-keyboard-'));
  const server = await startServer({ port: 0, dataDir, rateLimit: false, pushAgent: fake.agent });
  try {
    const sub = fake.subscriptionFor('keyboard-browser');
    await postBatch(server, [pushRecord({ anonymous_id: 'anon-kb', email: 'kb@example.com', subscription: { endpoint: sub.endpoint, expirationTime: null, keys: sub.keys } })]);
    failOnPageErrors(page);
    await page.goto(`${server.url}/campaigns`);
    const to = page.getByLabel('Send to');
    await tabTo(page, to);
    await page.keyboard.press('ArrowDown');
    await expect(to).toHaveValue(/^profile:\d+$/);
    await typeInto(page, 'Title', 'Tea strainers are back');
    await tabTo(page, page.getByLabel(/^Message/), 3);
    await page.keyboard.type('Brass, hand-beaten in Moradabad.');
    await tabTo(page, page.getByLabel(/^Campaign name/), 3);
    await page.keyboard.type('Keyboard restock');
    await tabTo(page, page.getByRole('button', { name: 'Send campaign' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Campaign “Keyboard restock” sent' })).toBeVisible();
    await expect(page.locator('tr[data-campaign]', { hasText: 'Keyboard restock' }).locator('[data-metric=sent]')).toHaveText('1');
    await expect.poll(() => fake.received.length).toBe(1);
    expect(JSON.parse(fake.received[0]!.payload)).toMatchObject({ title: 'Tea strainers are back', body: 'Brass, hand-beaten in Moradabad.' });
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    await fake.close();
  }
});
