// The few things npm cannot bring: Debian packages that `npm start`, `npm test` and `npm run
// bench` need on a fresh machine. Each is checked by a file it provides (the Chinese font: by
// fontconfig, which is what Chromium asks), not by asking dpkg, so a machine that has the same
// thing from elsewhere (another distribution, a hand-built Chromium, another CJK font) is left
// alone. As root with apt-get (CI, a container, a fresh Debian box) the missing ones are
// installed; otherwise the error names the command to run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** What each need is for, the file that shows it is there, and the Debian package that brings it. */
export const NEEDS = {
  kerberosHeaders: {
    why: "code-server builds its Kerberos module from source and needs the GSSAPI headers",
    present: () => existsSync('/usr/include/gssapi/gssapi.h'),
    debian: 'libkrb5-dev',
    elsewhere: 'krb5-devel (Fedora, RHEL) or krb5 (Arch, Homebrew)',
  },
  chromium: {
    why: 'the UI tests and the render benchmark drive a real Chromium',
    present: () => existsSync(chromiumPath()),
    debian: 'chromium',
    elsewhere: 'any Chromium or Chrome, named by CHROMIUM_PATH',
  },
  cjkFont: {
    why: 'the UI tests ask questions in Chinese and check that Chromium draws the characters, not empty boxes',
    present: () => cjkFontFamilies().length > 0,
    debian: 'fonts-wqy-microhei',
    elsewhere: 'any font with Chinese glyphs that fontconfig knows (Noto Sans CJK, Source Han Sans…)',
  },
  postgres: {
    why: 'the PostgreSQL store driver is tested against a real server (harness/postgres.mjs)',
    present: () => postgresBin() !== undefined,
    debian: 'postgresql',
    elsewhere: 'the PostgreSQL server binaries of any version, their folder named by POSTGRES_BIN',
  },
};

/** The browser the harness drives: CHROMIUM_PATH when set, else Debian's. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Where Debian's two Chinese font packages put their fonts: present without asking fontconfig. */
const CJK_FONT_FILES = ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'];

/**
 * The font families this machine has that cover Chinese, as fontconfig (and so Chromium) sees
 * them. Asked of fontconfig because that is what Chromium falls back through; when fc-list itself
 * is missing, Debian's font files stand in (their family names are well known).
 * @returns {string[]}
 */
export function cjkFontFamilies() {
  try {
    const out = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // One line per font; a font with several names lists them comma-separated.
    return [...new Set(out.split('\n').flatMap((line) => line.split(',')).map((f) => f.trim()).filter(Boolean))];
  } catch {
    return CJK_FONT_FILES.filter((file) => existsSync(file)).map((file) => (file.includes('wqy') ? 'WenQuanYi Micro Hei' : 'Noto Sans CJK SC'));
  }
}

/**
 * The folder with initdb, pg_ctl and postgres: POSTGRES_BIN when set, else the newest of
 * Debian's /usr/lib/postgresql/<version>/bin (several versions can sit side by side there, and
 * none of them is on PATH). Undefined when there is none.
 * @returns {string | undefined}
 */
export function postgresBin() {
  if (process.env.POSTGRES_BIN) return existsSync(path.join(process.env.POSTGRES_BIN, 'initdb')) ? process.env.POSTGRES_BIN : undefined;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  // Numeric order, so 9.6 < 15 < 16.
  versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return versions.length ? path.join(root, versions.at(-1), 'bin') : undefined;
}

function log(message) {
  process.stderr.write(`[harness] ${message}\n`);
}

function canApt() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure every named need is met, installing the missing Debian packages when this process
 * may (root with apt-get). Throws an error that says what to install, and why, when it may not
 * or when the install did not bring what was missing.
 * @param {(keyof typeof NEEDS)[]} names
 */
export function ensureSystemPackages(names) {
  const missing = names.map((name) => NEEDS[name]).filter((need) => !need.present());
  if (missing.length === 0) return;
  const packages = missing.map((need) => need.debian);
  const reasons = missing.map((need) => `  - ${need.debian}: ${need.why} (elsewhere: ${need.elsewhere})`).join('\n');
  if (!canApt()) {
    throw new Error(`Missing system packages:\n${reasons}\nInstall them, then run the command again:\n  sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`);
  }
  log(`installing ${packages.join(', ')} with apt-get:\n${reasons}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const still = missing.filter((need) => !need.present());
  if (still.length) throw new Error(`apt-get installed ${packages.join(' ')}, but these are still missing:\n${still.map((n) => `  - ${n.debian}: ${n.why}`).join('\n')}`);
}
