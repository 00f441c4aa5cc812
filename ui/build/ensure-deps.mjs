// Runs `npm ci` only when node_modules does not match package-lock.json (hash stamp), preferring the
// local npm cache, so repeated Maven builds do not reinstall. UI_FORCE_NPM_CI=1 always reinstalls.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lock = readFileSync(join(uiDir, 'package-lock.json'));
const hash = createHash('sha256').update(lock).update(process.version).digest('hex');
const stamp = join(uiDir, 'node_modules', '.creditcast-lock-sha256');

if (process.env.UI_FORCE_NPM_CI !== '1' && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log('ui: node_modules matches package-lock.json, npm ci skipped');
    process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: uiDir, stdio: 'inherit' });
if (result.status !== 0) {
    console.error(`ui: npm ci failed (${result.error ?? `exit ${result.status}`})`);
    process.exit(result.status ?? 1);
}
writeFileSync(stamp, hash);
