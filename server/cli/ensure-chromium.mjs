// E2E tests drive Debian's Chromium (Playwright cannot download its own browsers here). Installs
// it when missing and we are root on Debian; otherwise says exactly what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (existsSync(path)) {
  console.log(`chromium: ${path}`);
} else if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('chromium: not found, installing Debian package chromium…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(path)) throw new Error(`chromium: installed, but ${path} is still missing`);
} else {
  console.error(
    `chromium: ${path} is missing. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH)`,
  );
  process.exit(1);
}
