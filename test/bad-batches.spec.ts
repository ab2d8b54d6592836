import { test, expect } from '@playwright/test';
import { startTestServer, type TestServer } from '../demo-site/server/testing';
import { BATCHES } from '../e2e/bad-input-catalogue';

let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer({ rateLimit: false });
});
test.afterAll(() => server.close());

for (const [kind, body, status, error] of BATCHES) {
  test(`malformed batch: ${kind} → ${status}`, async () => {
    const res = await fetch(`${server.url}/v1/track/batch`, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } });
    expect(res.status).toBe(status);
    const json = (await res.json().catch(() => ({}))) as { error?: string; rejected?: { error: string }[]; accepted?: number };
    if (status === 200) {
      expect(json.accepted).toBe(0);
      expect(json.rejected?.[0]?.error).toContain(error);
    } else if (error) expect(json.error).toContain(error);
    // Nothing malformed is stored, and a valid batch right after still goes through.
    expect(server.db.prepare('SELECT COUNT(*) n FROM events').get()).toEqual({ n: 0 });
  });
}

test('a valid record next to a malformed one is stored; the bad one is rejected with its reason', async () => {
  const good = { type: 'track', event_id: 'good-1', event: 'Fine', device_event_time: Date.now(), anonymous_id: 'a' };
  const res = await fetch(`${server.url}/v1/track/batch`, { method: 'POST', body: JSON.stringify({ api_key: 'pk_demo', batch: [42, good] }) });
  expect(await res.json()).toMatchObject({ success: true, accepted: 1, rejected: [{ error: expect.stringContaining('record must be a JSON object') }] });
  expect(server.db.prepare('SELECT event_id FROM events').all()).toEqual([{ event_id: 'good-1' }]);
});
