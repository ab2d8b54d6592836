// /verify, the page a developer opens when "nothing shows up": its empty state on a fresh data
// folder, and a record the Track API rejects shown with its reason as soon as it arrives.
import { test, expect } from './fixtures';
import { failOnPageErrors, PHONE } from './journey-helpers';

test('/verify on a fresh data folder says nothing was received yet, with every list empty', async ({ page, server }) => {
  failOnPageErrors(page);
  await page.goto(`${server.url}/verify`);
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-state', 'never');
  await expect(verdict.getByRole('heading', { level: 2 })).toHaveText('Nothing received yet');
  await expect(verdict).toContainText('No request from this origin has reached the Track API.');
  await expect(verdict).toContainText('0 requests from');
  await expect(verdict).toContainText('Last request from this origin: never.');
  await expect(page.getByRole('region', { name: 'Last records received' })).toContainText('No records yet.');
  await expect(page.getByRole('region', { name: 'Rejected records' })).toContainText('No rejects — every record passed validation.');
  await expect(page.getByRole('region', { name: 'Last requests' })).toContainText('No requests yet.');
  await expect(page.locator('.checks li.bad')).toHaveCount(0);
});

test('/verify shows a rejected record with its reason, live, next to the accepted one', async ({ page, server }) => {
  failOnPageErrors(page);
  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}/verify`);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'never');
  await expect(page.locator('[data-live-status].on')).toBeVisible();

  // From this origin, as a misconfigured snippet would: one record with a bad email, one fine.
  const status = await page.evaluate(async () => {
    const now = Date.now();
    const batch = [
      { type: 'track', event_id: 'evt-bad-email', event: 'Viewed Product', email: 'not-an-email', properties: { event_type: 'custom' }, device_event_time: now },
      { type: 'track', event_id: 'evt-good', event: 'Viewed Product', anonymous_id: 'anon-verify', properties: { event_type: 'custom' }, device_event_time: now },
    ];
    const res = await fetch('/v1/track/batch', { method: 'POST', body: JSON.stringify({ api_key: 'pk_demo', batch_id: crypto.randomUUID(), sent_at: now, batch }) });
    return res.status;
  });
  expect(status).toBe(200);

  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-state', 'rejecting');
  await expect(verdict).toContainText('1 accepted, 1 rejected');
  const reject = page.getByRole('region', { name: 'Rejected records' }).locator('tbody tr');
  await expect(reject).toHaveCount(1);
  await expect(reject).toContainText('evt-bad-email');
  await expect(reject.locator('td.bad')).toHaveText('email is not a valid email address: not-an-email');
  await expect(page.getByRole('region', { name: 'Last records received' }).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Last requests' }).locator('tbody tr').first()).toContainText('1 / 0 / 1');
  const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(width);
});
