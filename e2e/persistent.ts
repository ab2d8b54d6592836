// Launches Chromium so that its web notifications go to a fake notification daemon.
import { chromium, type BrowserContext } from '@playwright/test';
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
