// A Chromium with a persistent profile that a scenario can SIGKILL and launch again on the same
// profile (IndexedDB survives in it), as when the browser process crashes or is killed.
import { chromium, type BrowserContext } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { chromiumArgs } from '../../playwright.config';

/** Launches Chromium on `userDataDir` (kept across launches). */
export function launchProfile(userDataDir: string, env?: NodeJS.ProcessEnv): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: chromiumArgs,
    env,
  });
}

/** The browser (main) process using `userDataDir`: the Chromium process without a --type= switch. */
export function browserPid(userDataDir: string): number {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (args.includes(`--user-data-dir=${userDataDir}`) && !args.some((a) => a.startsWith('--type='))) found.push(Number(name));
  }
  if (found.length !== 1) throw new Error(`expected one browser process for ${userDataDir}, found ${found.length}`);
  return found[0];
}

/** SIGKILLs the browser process of `context` (launched on `userDataDir`) and waits until Playwright sees it gone. */
export async function killBrowser(context: BrowserContext, userDataDir: string): Promise<number> {
  const pid = browserPid(userDataDir);
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  process.kill(pid, 'SIGKILL');
  await closed;
  // Its children (renderers, network and storage services) notice the parent is gone and exit.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && childrenAlive(userDataDir)) await new Promise((r) => setTimeout(r, 50));
  return pid;
}

function childrenAlive(userDataDir: string): boolean {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie holds nothing
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(`--user-data-dir=${userDataDir}`)) return true;
    } catch {
      /* exited meanwhile */
    }
  }
  return false;
}
