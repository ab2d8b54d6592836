// Fails early, with directions, when the Chromium the tests drive, or the D-Bus daemon the
// notification tests start, is missing.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const problems = [];
if (!existsSync(path)) {
  problems.push(`Chromium not found at ${path}.
The tests drive a real Chromium through Playwright ("npx playwright install" cannot download here).
Install Debian's build:   sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at another Chromium/Chrome binary.`);
}
try {
  execFileSync('dbus-daemon', ['--version'], { stdio: 'ignore' });
} catch {
  problems.push(`dbus-daemon not found.
The notification tests run a private D-Bus session so Chromium can show notifications and fire
trusted clicks. Install it:   sudo apt-get update && sudo apt-get install -y dbus`);
}
if (problems.length) {
  console.error(problems.join('\n\n'));
  process.exit(1);
}
