// Helpers for the demo journey: screenshots at desktop and phone widths, and the store's checkout.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** Desktop and phone viewports every page is checked at. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Where README screenshots go when DOCS_SCREENSHOTS=1 (otherwise they are only test artifacts). */
const DOCS_DIR = join(process.cwd(), 'docs', 'screenshots');

/**
 * Saves `name`-1280.png and `name`-390.png as test artifacts (the phone one full-page with
 * FULL_PAGE_SCREENSHOTS=1), attaches them to the report, and with DOCS_SCREENSHOTS=1 also writes
 * the desktop one to docs/screenshots/<docsName>.png. The page is left at the desktop size.
 */
export async function shot(page: Page, info: TestInfo, name: string, docsName?: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  const desktop = info.outputPath(`${name}-1280.png`);
  await page.screenshot({ path: desktop });
  await info.attach(`${name} (1280×800)`, { path: desktop, contentType: 'image/png' });
  if (docsName && process.env.DOCS_SCREENSHOTS === '1') {
    mkdirSync(DOCS_DIR, { recursive: true });
    await page.screenshot({ path: join(DOCS_DIR, `${docsName}.png`) });
  }
  await page.setViewportSize(PHONE);
  const phone = info.outputPath(`${name}-390.png`);
  await page.screenshot({ path: phone, fullPage: process.env.FULL_PAGE_SCREENSHOTS === '1' });
  await info.attach(`${name} (390 wide)`, { path: phone, contentType: 'image/png' });
  await page.setViewportSize(DESKTOP);
}

/** Fails the test on any uncaught error in a page (the store's script included). */
export function failOnPageErrors(page: Page): void {
  page.on('pageerror', (e) => {
    throw new Error(`uncaught exception in ${page.url()}: ${e.message}`);
  });
}

/** Opens a product page from the home page, picks a variant and adds `quantity` to the cart. */
export async function addToCart(page: Page, product: string, variant: string, quantity = 1): Promise<void> {
  await page.getByRole('link', { name: new RegExp(`^${product}`) }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: product })).toBeVisible();
  await page.getByLabel(variant, { exact: true }).check();
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${quantity} × ${product}` })).toBeVisible();
}

/** A customer's checkout details. */
export interface Shopper {
  email: string;
  phone: string;
  firstName: string;
  lastName: string;
  address: string;
  city: string;
  zip: string;
}

/** Fills the checkout's delivery fields. */
export async function fillDelivery(page: Page, s: Shopper): Promise<void> {
  await page.getByLabel('First name').fill(s.firstName);
  await page.getByLabel('Last name').fill(s.lastName);
  await page.getByLabel('Address').fill(s.address);
  await page.getByLabel('City').fill(s.city);
  await page.getByLabel('PIN code').fill(s.zip);
}
