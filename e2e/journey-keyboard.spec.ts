// The store and the dashboard work from the keyboard alone.
import { test, expect, waitForEvents } from './fixtures';
import { failOnPageErrors } from './journey-helpers';

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
