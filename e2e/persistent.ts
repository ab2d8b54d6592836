// Launches Chromium so that its web notifications go to a fake notification daemon.
import { chromium, test as base, type BrowserContext, type Page } from '@playwright/test';
import type { RunningServer } from '../demo-site/server/app';
import { serverFixture } from './fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs } from '../playwright.config';
import { startNotifyDaemon, type NotifyDaemon } from './notify-daemon';

/**
 * Starts a fake notification daemon and a persistent Chromium context on its bus (only a
 * persistent context's notifications reach D-Bus). Grant `notifications` to your origin before
 * showing any. `close()` closes Chromium, stops the daemon and removes a temporary user data dir
 * (one passed in `userDataDir` is kept).
 */
export async function launchWithNotifications(opts: { userDataDir?: string } = {}): Promise<{
  context: BrowserContext;
  daemon: NotifyDaemon;
  close(): Promise<void>;
}> {
  const daemon = await startNotifyDaemon();
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'notify-profile-'));
  const cleanupDir = (): void => {
    if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  };
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: chromiumArgs,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: daemon.address },
    });
  } catch (e) {
    await daemon.stop();
    cleanupDir();
    throw e;
  }
  return {
    context,
    daemon,
    async close() {
      try {
        await context.close();
      } finally {
        await daemon.stop();
        cleanupDir();
      }
    },
  };
}

/** A per-test server plus a persistent Chromium wired to the fake notification daemon. */
export type NotifyFx = { server: RunningServer; ctx: { context: BrowserContext; daemon: NotifyDaemon; page: Page } };

/** Playwright's test with `server` and `ctx` (see NotifyFx) for trusted notification clicks. */
export const notifyTest = base.extend<NotifyFx>({
  server: serverFixture,
  ctx: async ({}, use) => {
    const l = await launchWithNotifications();
    const page = l.context.pages()[0] || (await l.context.newPage());
    await use({ context: l.context, daemon: l.daemon, page });
    await l.close();
  },
});

/** A stored event's properties. */
export const props = (r: { properties: string | null }) => JSON.parse(r.properties || '{}');
