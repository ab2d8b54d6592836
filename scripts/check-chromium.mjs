// Fails early, with directions, when the Chromium the tests drive is missing.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`Chromium not found at ${path}.
The tests drive a real Chromium through Playwright ("npx playwright install" cannot download here).
Install Debian's build:   sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at another Chromium/Chrome binary.`);
  process.exit(1);
}
