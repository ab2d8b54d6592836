// The "verify integration" journey behind `npm start`, in a real Chromium: a new visitor shops,
// signs in at checkout and pays; the profile appears live on /audience with its Charged event and
// the customer badge; /insights counts the revenue and one paying user; a push campaign sent from
// /campaigns is delivered (DevTools protocol), clicked (fake D-Bus notification daemon) and its
// results — delivered 1, clicked 1, revenue from the order that followed — show on /campaigns.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../demo-site/server/app';
import { startFakePushService } from '../demo-site/server/fake-push-service';
import { events, waitForEvents } from './fixtures';
import { addToCart, failOnPageErrors, fillDelivery, shot, DESKTOP, type Shopper } from './journey-helpers';
import { buttonKey } from './notify-daemon';
import { launchWithNotifications } from './persistent';
import { pushSession, stubPushManager } from './push-helpers';

const asha: Shopper = {
  email: 'asha.rao@example.com', phone: '98765 43210', firstName: 'Asha', lastName: 'Rao',
  address: '14 Lavelle Road', city: 'Bengaluru', zip: '560001',
};

async function checkout(page: Page, signIn: boolean): Promise<void> {
  await page.getByRole('link', { name: /^Cart/ }).click();
  await page.getByRole('link', { name: 'Check out' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible();
  if (signIn) {
    await page.getByLabel('Email', { exact: true }).fill(asha.email);
    await page.getByLabel('Mobile (optional)').fill(asha.phone);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(`Signed in as ${asha.email}.`)).toBeVisible();
  } else {
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(asha.email);
  }
  await fillDelivery(page, asha);
}

test('journey: shop, sign in at checkout, see the customer on Audience and Insights, push a campaign and see it clicked', async ({}, info) => {
  test.setTimeout(90_000);
  const fake = await startFakePushService();
  const dataDir = mkdtempSync(join(tmpdir(), 'contlo-journey-'));
  const server = await startServer({ port: 0, dataDir, rateLimit: false, pushAgent: fake.agent });
  const browser = await launchWithNotifications();
  try {
    const { context, daemon } = browser;
    await context.grantPermissions(['notifications'], { origin: server.url });
    const sub = fake.subscriptionFor('journey-browser');
    await stubPushManager(context, { endpoint: sub.endpoint, keys: sub.keys });
    const shop = context.pages()[0] ?? (await context.newPage());
    const admin = await context.newPage();
    for (const p of [shop, admin]) {
      failOnPageErrors(p);
      await p.setViewportSize(DESKTOP);
    }

    // The Audience page is open before anything happens: it must update by itself.
    await admin.goto(`${server.url}/audience`);
    await expect(admin.getByText('No profiles yet')).toBeVisible();
    await expect(admin.locator('[data-live-status].on')).toBeVisible();

    // Browse, pick variants, add to cart.
    await shop.goto(server.url);
    await expect(shop.getByRole('heading', { name: 'Made by hand, made to last.' })).toBeVisible();
    await shot(shop, info, '01-store-home');
    await addToCart(shop, 'Handloom Linen Shirt', 'M', 2);
    await shot(shop, info, '02-product');
    await shop.goto(server.url);
    await addToCart(shop, 'Copper Water Bottle', '1 litre');
    await expect(shop.locator('[data-cart-count]')).toHaveText('3');

    // Cart → checkout as a new visitor who signs in there → order confirmation.
    await shop.getByRole('link', { name: /^Cart/ }).click();
    await expect(shop.getByText('₹5,597')).toBeVisible();
    await shot(shop, info, '03-cart');
    await checkout(shop, true);
    await expect(shop.locator('[data-totals]')).toContainText('₹5,597');
    await shot(shop, info, '04-checkout');
    await shop.getByRole('button', { name: 'Place order' }).click();
    await expect(shop.getByRole('heading', { name: 'Thank you, Asha!' })).toBeVisible();
    const orderId = (await shop.locator('.thanks strong').first().textContent()) ?? '';
    expect(orderId).toMatch(/^KL-/);
    await shop.locator('.thanks-push').getByRole('button', { name: 'Enable notifications' }).click();
    await expect(shop.getByText('Notifications are on for this device.')).toBeVisible();
    await shot(shop, info, '05-order-confirmed');

    // The events as the Track API stored them: the store's real properties, the customer's identity.
    const [charged] = await waitForEvents(server, 1, "event = 'Charged'");
    expect(charged!.email).toBe(asha.email);
    expect(JSON.parse(charged!.properties ?? '{}')).toMatchObject({
      event_type: 'charged', order_id: orderId, transaction_value: 5597, currency: 'INR', product_ids: ['8001', '8012'],
      variant_ids: ['800102', '801202'], product_prices: [1899, 1799], product_quantities: [2, 1], shipping_price: 0, total_discount: 0,
    });
    for (const name of ['Viewed Product', 'Added to Cart', 'Started Checkout', 'Placed Order']) await waitForEvents(server, 1, `event = '${name}'`);
    await expect.poll(() => server.db.prepare('SELECT COUNT(*) AS n FROM push_subscriptions').get()).toEqual({ n: 1 });

    // Audience updated live (no reload): the profile, known by email, with the customer badge.
    const row = admin.locator('tr', { hasText: 'Asha Rao' });
    await expect(row).toContainText(asha.email);
    await expect(row.locator('.badge-customer')).toHaveText('Customer');
    await shot(admin, info, '06-audience');
    await row.getByRole('link', { name: 'Asha Rao' }).click();
    await expect(admin.getByRole('heading', { name: 'Asha Rao', level: 1 })).toBeVisible();
    await expect(admin.locator('.intro .badge-customer')).toHaveText('Customer');
    const chargedItem = admin.locator('.tl-charged');
    await expect(chargedItem).toContainText('₹5,597');
    await expect(admin.locator('[data-testid=ltv]')).toContainText('₹5,597');
    await expect(admin.locator('.tl .badge-identify').first()).toBeVisible();
    await shot(admin, info, '07-profile', 'audience-profile');
    const profileUrl = admin.url();

    // Insights: the revenue and one paying user.
    await admin.goto(`${server.url}/insights`);
    await expect(admin.locator('[data-testid=revenue] .stat-value')).toHaveText('₹5,597');
    await expect(admin.locator('[data-testid=paying-users] .stat-value')).toHaveText('1');
    await expect(admin.locator('[data-testid=transactions] .stat-value')).toHaveText('1');
    await expect(admin.locator('.funnel li').last()).toContainText('Charged');
    await shot(admin, info, '08-insights', 'insights');

    // Orders: the merchant's backend fulfils it.
    await admin.goto(`${server.url}/orders`);
    await admin.locator(`tr[data-order="${orderId}"]`).getByRole('button', { name: 'Fulfil' }).click();
    await expect(admin.locator(`tr[data-order="${orderId}"] [data-status]`)).toHaveText('Fulfilled');
    expect(JSON.parse(events(server, "event = 'Fulfilled Order'")[0]!.properties ?? '{}')).toMatchObject({ event_type: 'custom', order_id: orderId });
    await shot(admin, info, '09-orders');

    // Campaigns: compose and send to Asha through the form, as a user would.
    await admin.goto(`${server.url}/campaigns`);
    await admin.getByLabel('Send to').selectOption({ label: `Asha Rao · ${asha.email} (1 browser)` });
    await admin.getByLabel('Campaign name').fill('Indigo restock');
    await admin.getByLabel('Title', { exact: true }).fill('The indigo kurta is back');
    await admin.getByLabel(/^Message/).fill('Hand block-printed in Bagru. Your size is in stock.');
    await admin.getByLabel(/^Link/).fill('/products/indigo-block-print-kurta');
    await admin.getByLabel(/^Image URL/).fill('/shop/img/indigo-block-print-kurta.svg');
    await admin.getByLabel(/^Button 1 label/).fill('Shop now');
    await admin.getByLabel(/^Button 1 link/).fill('/products/indigo-block-print-kurta');
    await admin.getByLabel(/^Button 2 label/).fill('Later');
    await admin.getByRole('button', { name: 'Send campaign' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Campaign “Indigo restock” sent' })).toBeVisible();
    const campaign = admin.locator('tr[data-campaign]', { hasText: 'Indigo restock' });
    await expect(campaign.locator('[data-metric=sent]')).toHaveText('1');

    // The push service got it; hand it to the browser and click the notification's first button.
    await expect.poll(() => fake.received.length).toBe(1);
    const payload = fake.received[0]!.payload;
    const sent = JSON.parse(payload) as { campaign_id: string; message_id: string };
    expect(sent.campaign_id).toMatch(/^cmp-/);
    await (await pushSession(shop, server)).deliver(payload);
    const shown = await daemon.waitFor((n) => n.summary === 'The indigo kurta is back');
    await waitForEvents(server, 1, "event = 'Push Delivered'");
    daemon.click(shown.id, buttonKey(shown, 'Shop now'));
    const [click] = await waitForEvents(server, 1, "event = 'Push Clicked'");
    expect(JSON.parse(click!.properties ?? '{}')).toMatchObject({ campaign_id: sent.campaign_id, action: 'shop-now' });

    // The click opened the kurta: Asha buys it (already signed in), which is the campaign's revenue.
    const landed = `${server.url}/products/indigo-block-print-kurta`;
    await expect.poll(() => context.pages().some((p) => p.url() === landed)).toBe(true);
    const buyer = context.pages().find((p) => p.url() === landed)!;
    failOnPageErrors(buyer);
    await buyer.getByLabel('L', { exact: true }).check();
    await buyer.getByRole('button', { name: 'Add to cart' }).click();
    await expect(buyer.locator('[data-cart-count]')).toHaveText('1');
    await checkout(buyer, false);
    await buyer.getByRole('button', { name: 'Place order' }).click();
    await expect(buyer.getByRole('heading', { name: 'Thank you, Asha!' })).toBeVisible();
    await waitForEvents(server, 2, "event = 'Charged'");

    await admin.goto(`${server.url}/campaigns`);
    const result = admin.locator('tr[data-campaign]', { hasText: 'Indigo restock' });
    await expect(result.locator('[data-metric=delivered]')).toHaveText('1');
    await expect(result.locator('[data-metric=clicked]')).toContainText(/^1/);
    await expect(result.locator('.by-button')).toContainText('“Shop now” 1');
    await expect(result.locator('[data-metric=dismissed]')).toHaveText('0');
    await expect(result.locator('[data-metric=revenue]')).toContainText('₹2,299');
    await shot(admin, info, '10-campaigns', 'campaigns');

    // Verify integration: this origin is sending, every record accepted.
    await admin.goto(`${server.url}/verify`);
    await expect(admin.locator('[data-testid=verdict]')).toHaveAttribute('data-state', 'receiving');
    await shot(admin, info, '11-verify');
    await admin.goto(profileUrl);
    await expect(admin.locator('.tl-message').first()).toBeVisible();
    await expect(admin.locator('.tl-charged')).toHaveCount(2);
    await expect(admin.locator('[data-testid=ltv]')).toContainText('₹7,896');
    await shot(admin, info, '12-profile-after-campaign');
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    await fake.close();
  }
});
