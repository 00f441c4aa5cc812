// End-to-end tests in headless Debian Chromium (playwright-core, no browser download) against real
// command and query services, PostgreSQL, Keycloak (sign-in) and Elasticsearch (discovery). Screenshots and a
// summary go to ui/target/e2e/.
//
//   npm run build && npm run e2e          (the Maven build runs it in the integration-test phase)
// Environment: CHROMIUM (default /usr/bin/chromium), SERVICE_JAR, QUERY_SERVICE_JAR, BENCH_JAR, FFMPEG or FFMPEG_JAR,
// E2E_METERING_INTERVAL_MS (default 1000), E2E_ACCESS_TOKEN_LIFESPAN_S (default 15), MAVEN_REPO_LOCAL (where the
// Elasticsearch zip is found; default ~/.m2/repository).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import {
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    E2E_ACCESS_TOKEN_LIFESPAN_S,
    E2E_CLOCK_SKEW_S,
    METERING_INTERVAL_MS,
    startPlatform,
} from './platform.mjs';

const require = createRequire(import.meta.url);
const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(uiDir, '..');
const outDir = join(uiDir, 'target', 'e2e');
const shotsDir = join(outDir, 'screenshots');
mkdirSync(shotsDir, { recursive: true });

const STEP_TIMEOUT_MS = 20_000;
/** How long a read model of the query service may lag behind the command side in these tests. */
const READ_MODEL_TIMEOUT_MS = 30_000;
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

const results = [];
const startTimesMs = [];

async function api(apiUrl, method, path, { user, roles, body, key } = {}) {
    const headers = { 'content-type': 'application/json', 'X-Creditcast-User': user, 'X-Creditcast-Roles': roles };
    if (key) headers['Idempotency-Key'] = key;
    const r = await fetch(apiUrl + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
}

let depositCounter = 0;
function deposit(apiUrl, userId, amountMinor) {
    depositCounter += 1;
    const paymentId = `e2e-${Date.now()}-${depositCounter}`;
    return api(apiUrl, 'POST', '/api/v1/admin/deposits', {
        user: 'e2e-admin',
        roles: 'admin',
        key: paymentId,
        body: { user_id: userId, payment_id: paymentId, provider: 'e2e', amount_minor: amountMinor },
    });
}

/** axe-core in the page: no serious or critical WCAG 2.1 A/AA violations. */
async function checkA11y(page, name) {
    await page.addScriptTag({ path: AXE_SOURCE });
    const report = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    );
    const bad = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    writeFileSync(join(outDir, `axe-${name}.json`), JSON.stringify(report.violations, null, 2));
    assert.deepEqual(
        bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
        [],
        `axe on ${name}`,
    );
}

async function shot(page, name) {
    await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function signIn(page, webUrl, userId, roles, returnTo = '/') {
    await page.goto(`${webUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    await page.getByLabel('User id').fill(userId);
    for (const role of ['viewer', 'creator', 'moderator', 'admin', 'auditor']) {
        await page.getByRole('checkbox', { name: role }).setChecked(roles.includes(role));
    }
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-user').waitFor();
}

/** The `exp` claim of a JWT (seconds), read without verifying: the services verify. */
function jwtExp(token) {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).exp;
}

/** Keycloak's login form (its own page, not the app's): user name and password, then "Sign In". */
async function keycloakLogin(page, issuer, username) {
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/protocol/openid-connect/auth`));
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(DEMO_PASSWORD);
}

async function test(name, fn) {
    const started = Date.now();
    try {
        await fn();
        results.push({ name, ok: true, ms: Date.now() - started });
        console.log(`e2e: ✓ ${name} (${Date.now() - started} ms)`);
    } catch (e) {
        results.push({ name, ok: false, ms: Date.now() - started, error: String(e?.stack ?? e) });
        console.log(`e2e: ✗ ${name}\n${e?.stack ?? e}`);
        printServiceProblems();
    }
}

/** CI shows only this process's output: a failure brings the services' latest warnings and errors along. */
function printServiceProblems() {
    for (const name of ['command-service', 'query-service']) {
        const serviceLog = join(outDir, `${name}.log`);
        if (!existsSync(serviceLog)) continue;
        const problems = readFileSync(serviceLog, 'utf8')
            .split('\n')
            .filter((line) => /"level":"(WARN|ERROR)"/.test(line))
            .slice(-15)
            .map((line) => line.slice(0, 600));
        console.log(`e2e: last ${problems.length} warnings/errors of the ${name}:\n${problems.join('\n')}`);
    }
}

/** Runs `attempt` until it returns true (reloading nothing itself), at most `timeoutMs`. */
async function eventually(page, what, timeoutMs, attempt) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await attempt()) return;
        assert.ok(Date.now() < deadline, `${what}: not seen within ${timeoutMs} ms`);
        await page.waitForTimeout(500);
    }
}

const runStarted = Date.now();

async function main() {
    if (!existsSync(CHROMIUM)) {
        throw new Error(
            `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`,
        );
    }
    if (!existsSync(join(uiDir, 'dist', 'index.html'))) throw new Error('no dist/: run npm run build first');
    const platform = await startPlatform({ root, uiDir, outDir, withKeycloak: true, withElasticsearch: true });
    console.log(`e2e: platform ready in ${platform.timings.platform_ready_ms} ms ${JSON.stringify(platform.timings)}`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const { apiUrl, webUrl } = platform;
    const creator = `e2e-creator-${Date.now()}`;
    const viewer = `e2e-viewer-${Date.now()}`;
    let streamId = null;
    try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        context.setDefaultTimeout(STEP_TIMEOUT_MS);
        const page = await context.newPage();
        page.on('pageerror', (e) => console.log(`e2e: page error: ${e.message}`));

        await test('a creator creates a stream in the studio and sees its id', async () => {
            await signIn(page, webUrl, creator, ['creator'], '/studio');
            await page.getByRole('heading', { name: 'Creator studio' }).waitFor();
            await page.getByLabel('Title').fill('E2E test stream');
            await page.getByLabel('Category').selectOption('music');
            await page.getByRole('button', { name: 'Create stream' }).click();
            const idField = page.getByLabel('Stream id');
            await idField.waitFor();
            streamId = await idField.inputValue();
            assert.match(streamId, /^[0-9a-f-]{36}$/);
            await page.getByLabel(/^Stream key/).waitFor(); // ingest credentials, shown once
            assert.match(await page.getByLabel('RTMP URL').inputValue(), /^rtmps?:\/\//);
            await shot(page, 'studio');
            await checkA11y(page, 'studio');
        });

        const meterCalls = [];
        page.on('response', async (r) => {
            if (r.url().endsWith('/api/v1/meter') && r.request().method() === 'POST') {
                meterCalls.push({
                    index: JSON.parse(r.request().postData() ?? '{}').interval_index,
                    status: r.status(),
                });
            }
        });

        await test('the stream page meters every interval and opens the top-up dialog at zero credits', async () => {
            assert.ok(streamId, 'needs the stream from the studio test');
            await deposit(apiUrl, viewer, 3);
            await signIn(page, webUrl, viewer, ['viewer']);
            await page.goto(`${webUrl}/streams/${streamId}`);
            await page.getByTestId('metering-status').waitFor();
            // first frame measured by the player
            await page.waitForFunction(() => document.querySelector('.player')?.getAttribute('data-start-ms'));
            startTimesMs.push(Number(await page.locator('.player').getAttribute('data-start-ms')));
            const dialog = page.getByRole('dialog', { name: 'You are out of credits' });
            await dialog.waitFor({ timeout: 3 * METERING_INTERVAL_MS + STEP_TIMEOUT_MS });
            assert.equal(await page.getByTestId('paid-intervals').textContent(), '3');
            assert.equal(await page.getByTestId('remaining-credits').textContent(), '0 credits');
            assert.equal(await page.getByTestId('metering-state').textContent(), 'out-of-credits');
            assert.deepEqual(
                meterCalls.map((c) => c.index),
                [0, 1, 2, 3],
            );
            assert.deepEqual(
                meterCalls.map((c) => c.status),
                [200, 200, 200, 402],
            );
            assert.equal(await page.locator('video').evaluate((v) => v.paused), true, 'playback paused');
            await shot(page, 'stream-top-up-dialog');
            await checkA11y(page, 'stream-top-up-dialog');
        });

        await test('after a top-up the same interval is retried and metering continues', async () => {
            await deposit(apiUrl, viewer, 100);
            await page.getByRole('button', { name: /I have topped up/ }).click();
            await page.getByRole('dialog').waitFor({ state: 'detached' });
            await page.waitForFunction(
                () => Number(document.querySelector('[data-testid=paid-intervals]')?.textContent) >= 5,
            );
            const indexes = meterCalls.map((c) => c.index);
            assert.deepEqual(indexes.slice(0, 6), [0, 1, 2, 3, 3, 4]);
            assert.equal(await page.locator('video').evaluate((v) => v.paused), false, 'playback resumed');
        });

        await test('the chat panel connects through the proxied WebSocket and shows a sent message as text', async () => {
            await page
                .getByTestId('chat-connection')
                .filter({ hasText: /^Connected$/ })
                .waitFor();
            const box = page.getByRole('textbox', { name: 'Chat message' });
            await box.fill('hello <b>chat</b>'); // waits until sending is enabled (credits are back)
            await box.press('Enter');
            const log = page.getByRole('log', { name: 'Chat messages' });
            await log.getByText('hello <b>chat</b>', { exact: true }).waitFor();
            assert.equal(await log.locator('b').count(), 0, 'markup in a message stays text');
            await page.waitForFunction(() => document.querySelector('.chat-send input')?.value === ''); // acknowledged
            await shot(page, 'stream-chat');
        });

        await test('a tip updates the balance and shows the animation', async () => {
            await page.getByRole('button', { name: '10', exact: true }).click();
            const [response] = await Promise.all([
                page.waitForResponse((r) => r.url().endsWith('/api/v1/tips')),
                page.getByRole('button', { name: 'Tip 10 credits' }).click(),
            ]);
            assert.equal(response.status(), 201);
            assert.ok(response.request().headers()['idempotency-key'], 'Idempotency-Key sent');
            const tip = await response.json();
            await page.getByText('+10 tipped!').waitFor();
            await shot(page, 'stream-tip');
            const shown = await page.getByTestId('remaining-credits').textContent();
            // metering may debit again right after the tip; the balance shown is the tip's or a later one
            assert.ok(Number(shown.replace(/\D/g, '')) <= tip.balance_minor, `${shown} vs ${tip.balance_minor}`);
            await page.goto(`${webUrl}/wallet`); // leaving the page stops metering
            const wallet = await api(apiUrl, 'GET', '/api/v1/wallet', { user: viewer, roles: 'viewer' });
            // the page shows the query service's balance, then its live updates: it converges on the command side's
            await page
                .getByTestId('wallet-balance')
                .filter({ hasText: new RegExp(`^${wallet.balance_minor} credits$`) })
                .waitFor({ timeout: READ_MODEL_TIMEOUT_MS });
            assert.ok(wallet.balance_minor <= 103 - 5 - 10, `balance ${wallet.balance_minor}`);
            await shot(page, 'wallet');
            await checkA11y(page, 'wallet');
        });

        await test('the creator sees settled earnings from the metering and the tip and requests a payout', async () => {
            await signIn(page, webUrl, creator, ['creator'], '/studio');
            const expectedAtLeast = 5 + 7; // ≥ 5 intervals + the tip after the 30% fee
            const deadline = Date.now() + STEP_TIMEOUT_MS;
            for (;;) {
                await page.getByTestId('earnings-balance').waitFor();
                const settled = Number((await page.getByTestId('earnings-balance').textContent()).replace(/\D/g, ''));
                if (settled >= expectedAtLeast) break;
                assert.ok(Date.now() < deadline, `settled earnings stayed at ${settled}`);
                await page.waitForTimeout(500);
                await page.reload();
            }
            await page.getByLabel('Payout amount (credits)').fill('5');
            await page.getByRole('button', { name: 'Request payout' }).click();
            await page.getByText(/^Payout .+ is pending\.$/).waitFor();
            await page.getByText(': pending').waitFor(); // the payouts list, reloaded from the server
            const available = Number((await page.getByTestId('earnings-available').textContent()).replace(/\D/g, ''));
            const settled = Number((await page.getByTestId('earnings-balance').textContent()).replace(/\D/g, ''));
            assert.equal(available, settled - 5, 'the payout is held');
            // by day and source: the query service's earnings read model, net of the 30% fee (10 → 7)
            const tipsRow = page
                .locator('table tr')
                .filter({ has: page.getByRole('cell', { name: 'tips', exact: true }) });
            await eventually(page, 'the tip in the earnings by source', READ_MODEL_TIMEOUT_MS, async () => {
                try {
                    await tipsRow.first().waitFor({ timeout: 3000 });
                    return true;
                } catch {
                    await page.reload(); // the read model lags behind the command side
                    return false;
                }
            });
            assert.equal(await tipsRow.locator('td').nth(2).textContent(), '7');
            await page.getByText(/^Net [\d,]+ credits? of [\d,]+ credits? gross/).waitFor();
            await shot(page, 'studio-earnings');
            await checkA11y(page, 'studio-earnings');
        });

        await test('an admin puts a credit pack on sale and a viewer buys it with the sandbox provider', async () => {
            const productCode = `e2e-pack-${Date.now()}`;
            await signIn(page, webUrl, 'e2e-admin', ['admin'], '/admin');
            await page.getByRole('heading', { name: 'Admin' }).waitFor();
            const form = page.getByRole('form', { name: 'Create or update a price' });
            await form.getByLabel('Product code').fill(productCode);
            await form.getByLabel(/^Credits/).fill('50');
            await form.getByLabel('Amount (minor units)').fill('99');
            await form.getByLabel('Currency').fill('USD');
            await form.getByRole('button', { name: 'Save price' }).click();
            await page.getByTestId('prices').getByText(productCode).waitFor();
            await shot(page, 'admin');
            await checkA11y(page, 'admin');

            const before = await api(apiUrl, 'GET', '/api/v1/wallet', { user: viewer, roles: 'viewer' });
            await signIn(page, webUrl, viewer, ['viewer'], '/wallet');
            await page.getByRole('heading', { name: 'Buy credits' }).waitFor();
            await page.getByLabel('50 credits for $0.99').first().check();
            await page.getByLabel('Pay with').selectOption('sandbox');
            await page.getByRole('button', { name: 'Buy', exact: true }).click();
            await page.getByText(/^Sandbox payment .+ completed/).waitFor();
            const deadline = Date.now() + STEP_TIMEOUT_MS;
            for (;;) {
                const after = await api(apiUrl, 'GET', '/api/v1/wallet', { user: viewer, roles: 'viewer' });
                if (after.balance_minor === before.balance_minor + 50) break;
                assert.ok(
                    Date.now() < deadline,
                    `balance ${after.balance_minor}, expected ${before.balance_minor + 50}`,
                );
                await page.waitForTimeout(300);
            }
            await shot(page, 'wallet-bought');
        });

        await test('the auditor finds the tip and the metering in the journal, a statement and a balance as of now', async () => {
            const account = `wallet:${viewer}`;
            const journal = page.getByRole('region', { name: 'Journal' });
            const searchJournal = async (type) => {
                await page.goto(`${webUrl}/auditor`);
                await journal.getByLabel('Account').fill(account);
                await journal.getByLabel('Type').selectOption(type);
                await journal.getByRole('button', { name: 'Search' }).click();
            };
            await signIn(page, webUrl, 'e2e-auditor', ['auditor'], '/auditor');
            await page.getByRole('heading', { name: 'Auditor' }).waitFor();
            // the query service's ledger read model: the viewer's tip of 10 and its metered intervals
            const rowsOf = (type) =>
                journal.locator('tbody tr').filter({ has: page.getByRole('cell', { name: type, exact: true }) });
            await eventually(page, 'the tip in the journal', READ_MODEL_TIMEOUT_MS, async () => {
                await searchJournal('tip');
                return rowsOf('tip')
                    .first()
                    .waitFor({ timeout: 3000 })
                    .then(() => true)
                    .catch(() => false);
            });
            assert.equal(await rowsOf('tip').count(), 1, 'one tip');
            assert.equal(await rowsOf('tip').locator('td').nth(5).textContent(), '-10');
            await searchJournal('metering');
            await rowsOf('metering').nth(4).waitFor(); // at least the 5 intervals paid on the stream page
            for (const amount of await rowsOf('metering').locator('td:nth-child(6)').allTextContents()) {
                assert.equal(amount, '-1', 'one credit per interval');
            }
            await shot(page, 'auditor-journal');
            await checkA11y(page, 'auditor');

            const statement = page.getByRole('region', { name: 'Statement' });
            const local = (ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
            await statement.getByLabel('Account').fill(account);
            await statement.getByLabel('From').fill(local(runStarted - 3_600_000));
            await statement.getByLabel('To (exclusive)').fill(local(Date.now() + 3_600_000));
            await statement.getByRole('button', { name: 'Show statement' }).click();
            const postings = statement
                .getByTestId('statement')
                .locator('div')
                .filter({ hasText: 'Postings' })
                .locator('dd');
            await postings.waitFor();
            // 2 deposits, ≥ 5 intervals, the tip, the credit pack
            assert.ok(Number(await postings.textContent()) >= 9, `postings ${await postings.textContent()}`);

            const wallet = await api(apiUrl, 'GET', '/api/v1/wallet', { user: viewer, roles: 'viewer' });
            const asOf = page.getByRole('region', { name: 'Balance as of an instant' });
            await asOf.getByLabel('Account').fill(account);
            await eventually(
                page,
                `the balance of ${wallet.balance_minor} as of now`,
                READ_MODEL_TIMEOUT_MS,
                async () => {
                    await asOf.getByRole('button', { name: 'Show balance' }).click();
                    const shown = asOf.getByTestId('balance-as-of');
                    await shown.waitFor();
                    return (await shown.textContent()) === `${account}: ${wallet.balance_minor} credits now`;
                },
            );
            await shot(page, 'auditor');
        });

        await test('the directory and the stream page work on a 360 px phone, with keyboard focus and no serious axe violations', async () => {
            const phone = await browser.newContext({
                viewport: { width: 360, height: 740 },
                isMobile: true,
                hasTouch: true,
            });
            phone.setDefaultTimeout(STEP_TIMEOUT_MS);
            const p = await phone.newPage();
            await p.goto(webUrl + '/');
            await p.getByRole('heading', { name: 'Online now' }).waitFor();
            // discovery answers (Elasticsearch runs): the list, or that nothing is live yet
            await p.locator('.stream-grid').or(p.getByText('No live streams match.')).waitFor();
            assert.equal(await p.getByRole('alert').count(), 0, 'no error state');
            const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 360px`);
            await p.keyboard.press('Tab');
            assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Skip to content');
            await shot(p, 'directory-360px');
            await checkA11y(p, 'directory-360px');
            await p.getByRole('button', { name: 'Menu' }).click();
            await p.getByRole('link', { name: 'Directory' }).waitFor();
            await shot(p, 'menu-360px');
            // the stream page on the phone: player, metering and tip widget stacked, nothing wider than the screen
            await signIn(p, webUrl, viewer, ['viewer'], `/streams/${streamId}`);
            await p.getByTestId('metering-status').waitFor();
            await p.waitForFunction(
                () => Number(document.querySelector('[data-testid=paid-intervals]')?.textContent) >= 1,
            );
            const streamOverflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(streamOverflow <= 0, `stream page overflows by ${streamOverflow}px at 360px`);
            await shot(p, 'stream-360px');
            await checkA11y(p, 'stream-360px');
            await phone.close();
        });

        await test("a moderator takes the stream down with a reason and the viewer's open stream page says it is no longer live", async () => {
            const watching = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            watching.setDefaultTimeout(STEP_TIMEOUT_MS);
            const v = await watching.newPage();
            await signIn(v, webUrl, viewer, ['viewer'], `/streams/${streamId}`);
            await v
                .getByTestId('chat-connection')
                .filter({ hasText: /^Connected$/ })
                .waitFor();
            // the media worker's report (role service) that ingest started: the room says "live"
            await api(apiUrl, 'POST', `/api/v1/internal/media/streams/${streamId}/facts`, {
                user: 'e2e-media-worker',
                roles: 'service',
                body: { type: 'WENT_LIVE', ingest_session_id: 'e2e-ingest-1', protocol: 'RTMP' },
            });
            await v.getByTestId('stream-status').filter({ hasText: '● Live' }).waitFor();

            await signIn(page, webUrl, 'e2e-moderator', ['moderator'], '/moderation');
            await page.getByRole('heading', { name: 'Moderation', exact: true }).waitFor();
            const form = page.getByRole('form', { name: 'Take a stream down' });
            await form.getByLabel('Stream id').fill(streamId);
            await form.getByLabel('Reason').fill('e2e: infringing content');
            await form.getByRole('button', { name: 'Take down' }).click();
            await form
                .getByRole('status')
                .filter({ hasText: `Stream ${streamId} is taken_down (by e2e-moderator as moderator).` })
                .waitFor();
            await shot(page, 'moderation-takedown');
            await checkA11y(page, 'moderation');

            await v
                .getByTestId('stream-status')
                .filter({ hasText: 'Taken down by moderation: no longer live' })
                .waitFor();
            // nothing is charged for a stream that is over: metering stops, playback pauses
            await v
                .getByTestId('metering-state')
                .filter({ hasText: /^stopped$/ })
                .waitFor();
            assert.equal(await v.locator('video').evaluate((el) => el.paused), true, 'playback paused');
            const stream = await api(apiUrl, 'GET', `/api/v1/streams/${streamId}`, { user: viewer, roles: 'viewer' });
            assert.equal(stream.status, 'TAKEN_DOWN');
            await shot(v, 'stream-taken-down');
            await checkA11y(v, 'stream-taken-down');
            await watching.close();
        });

        await test('discovery: live streams under "online now", a suggestion and a search for a typo\'d title, category and language filters', async () => {
            const creatorId = `e2e-discovery-${Date.now()}`;
            const create = (title, category, language, tags) =>
                api(apiUrl, 'POST', '/api/v1/streams', {
                    user: creatorId,
                    roles: 'creator',
                    body: { title, category, language, tags },
                });
            const jazz = await create('Midnight Jazz Session', 'music', 'en', ['jazz']);
            const speedrun = await create('Speedrun Marathon Live', 'gaming', 'de', ['speedrun']);
            await create('Quiet Pottery Hour', 'art', 'fr', ['pottery']); // scheduled, never live
            for (const s of [jazz, speedrun]) {
                await api(apiUrl, 'POST', `/api/v1/internal/media/streams/${s.stream_id}/facts`, {
                    user: 'e2e-media-worker',
                    roles: 'service',
                    body: { type: 'WENT_LIVE', ingest_session_id: `e2e-ingest-${s.stream_id}`, protocol: 'RTMP' },
                });
            }
            await signIn(page, webUrl, viewer, ['viewer'], '/');
            const card = (title) =>
                page.locator('.stream-grid li').filter({ has: page.getByRole('link', { name: title, exact: true }) });
            const listed = page.locator('.stream-grid').or(page.getByText('No live streams match.'));
            // the discovery projection (query service → Elasticsearch) lags behind the command side
            await eventually(page, 'both live streams under "online now"', READ_MODEL_TIMEOUT_MS, async () => {
                await page.goto(`${webUrl}/`);
                await listed.waitFor();
                return (
                    (await card('Midnight Jazz Session').count()) === 1 &&
                    (await card('Speedrun Marathon Live').count()) === 1
                );
            });
            assert.equal(await card('Quiet Pottery Hour').count(), 0, 'a stream that is not live is not online now');
            assert.match(await card('Midnight Jazz Session').textContent(), /music · en · \d+ watching/);
            assert.match(await card('Speedrun Marathon Live').textContent(), /gaming · de · \d+ watching/);
            await shot(page, 'directory-live');
            await checkA11y(page, 'directory-live');

            // a typo'd prefix: the completion suggester (fuzzy) offers the real title
            const search = page.getByLabel('Search', { exact: true }); // a combobox (it has a datalist)
            await search.fill('Midnigt Ja');
            await page.locator('datalist option[value="Midnight Jazz Session"]').waitFor({ state: 'attached' });
            // a typo'd title: full-text search with typo tolerance finds the stream, and only it of the two
            const answered = (what) =>
                page.waitForResponse((r) => r.url().includes('/query/api/v1/') && r.url().includes(what));
            await search.fill('Midnigt Jazz');
            await Promise.all([answered('/search?'), search.press('Enter')]);
            await card('Midnight Jazz Session').waitFor();
            assert.equal(await card('Speedrun Marathon Live').count(), 0, 'the search narrowed the list');
            await shot(page, 'directory-search');

            // filters narrow "online now"
            await search.fill('');
            await Promise.all([answered('/streams?'), search.press('Enter')]);
            await card('Speedrun Marathon Live').waitFor();
            await Promise.all([answered('category=gaming'), page.getByLabel('Category').selectOption('gaming')]);
            await card('Speedrun Marathon Live').waitFor();
            assert.equal(await card('Midnight Jazz Session').count(), 0, 'category gaming leaves out the music stream');
            await Promise.all([answered('/streams?'), page.getByLabel('Category').selectOption('')]);
            await Promise.all([answered('language=en'), page.getByLabel('Language').selectOption('en')]);
            await card('Midnight Jazz Session').waitFor();
            assert.equal(await card('Speedrun Marathon Live').count(), 0, 'language en leaves out the German stream');
            await shot(page, 'directory-filtered');
        });

        await test('Keycloak sign-in: code flow with PKCE, role-aware navigation, the token verified by the services, silent renewal, sign-out', async () => {
            const { oidcWebUrl, issuer, queryUrl } = platform;
            const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
            const p = await ctx.newPage();
            p.on('pageerror', (e) => console.log(`e2e: page error (sign-in): ${e.message}`));
            const loginPages = [];
            p.on('framenavigated', (f) => {
                if (f === p.mainFrame() && f.url().startsWith(`${issuer}/protocol/openid-connect/auth`))
                    loginPages.push(f.url());
            });
            const grants = [];
            p.on('request', (r) => {
                if (r.url() === `${issuer}/protocol/openid-connect/token`)
                    grants.push(new URLSearchParams(r.postData() ?? '').get('grant_type'));
            });
            const calls = [];
            p.on('response', (r) => {
                const url = new URL(r.url());
                if (url.origin !== oidcWebUrl || !/^\/(query\/)?api\//.test(url.pathname)) return;
                const h = r.request().headers();
                calls.push({
                    path: url.pathname,
                    status: r.status(),
                    auth: h.authorization,
                    devUser: h['x-creditcast-user'],
                });
            });
            const nav = p.getByRole('navigation', { name: 'Main' });
            const who = p.getByTestId('signed-in-user');

            // signed out: sign in → Keycloak's login page (code flow, PKCE S256) → back, signed in
            await p.goto(`${oidcWebUrl}/`);
            await p.getByRole('link', { name: 'Sign in' }).click();
            await p.getByRole('button', { name: 'Sign in with your Creditcast account' }).click();
            await keycloakLogin(p, issuer, 'demo-viewer');
            const authorize = new URL(p.url()).searchParams;
            assert.equal(authorize.get('response_type'), 'code');
            assert.equal(authorize.get('code_challenge_method'), 'S256');
            assert.ok(authorize.get('code_challenge'), 'a PKCE code challenge');
            await shot(p, 'keycloak-login');
            await p.locator('#kc-login').click();
            await who.filter({ hasText: 'demo-viewer' }).waitFor();
            assert.equal(new URL(p.url()).origin, oidcWebUrl);
            assert.deepEqual(grants, ['authorization_code']);
            await nav.getByRole('link', { name: 'Wallet' }).waitFor();
            assert.equal(await nav.getByRole('link', { name: 'Admin' }).count(), 0, 'a viewer sees no admin console');
            await shot(p, 'signed-in-viewer');
            await checkA11y(p, 'signed-in-viewer');

            // the token on an API call that requires it, verified by the query service
            const ledgerCalls = () => calls.filter((c) => c.path === '/query/api/v1/wallet/ledger');
            await nav.getByRole('link', { name: 'Wallet' }).click();
            await p.getByTestId('wallet-balance').waitFor();
            await eventually(p, 'the ledger call', STEP_TIMEOUT_MS, async () => ledgerCalls().length > 0);
            const first = ledgerCalls()[0];
            assert.equal(first.status, 200);
            assert.match(first.auth ?? '', /^Bearer /);
            assert.equal(first.devUser, undefined, 'no dev headers in OIDC mode');
            const firstToken = first.auth.slice('Bearer '.length);
            const direct = (authorization) =>
                fetch(`${queryUrl}/api/v1/wallet/ledger`, { headers: authorization ? { authorization } : {} });
            assert.equal((await direct(first.auth)).status, 200);
            assert.equal((await direct(null)).status, 401, 'the ledger requires a token');
            const [h, b, sig] = firstToken.split('.');
            const forged = `${h}.${b}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
            assert.equal((await direct(`Bearer ${forged}`)).status, 401, 'a bad signature is refused');
            for (const c of calls) assert.ok(c.status < 400, `${c.path}: ${c.status}`);
            // a reload keeps the session; a viewer opening the admin console by URL is not let in
            await p.goto(`${oidcWebUrl}/admin`);
            await p.getByRole('heading', { name: 'Not allowed' }).waitFor();
            await who.filter({ hasText: 'demo-viewer' }).waitFor();

            // silent renewal: once the first token has expired (beyond the services' clock skew) the next call
            // carries a renewed token and succeeds, with no second login
            const firstExpMs = jwtExp(firstToken) * 1000;
            assert.ok(firstExpMs - Date.now() <= E2E_ACCESS_TOKEN_LIFESPAN_S * 1000, 'the short e2e lifetime');
            await p.waitForFunction((t) => Date.now() > t, firstExpMs + (E2E_CLOCK_SKEW_S + 1) * 1000, {
                timeout: (E2E_ACCESS_TOKEN_LIFESPAN_S + E2E_CLOCK_SKEW_S + 10) * 1000,
                polling: 500,
            });
            assert.equal((await direct(first.auth)).status, 401, 'the services refuse the expired first token');
            const before = ledgerCalls().length;
            await nav.getByRole('link', { name: 'Wallet' }).click();
            await eventually(
                p,
                'a ledger call after expiry',
                STEP_TIMEOUT_MS,
                async () => ledgerCalls().length > before,
            );
            const renewed = ledgerCalls().at(-1);
            assert.equal(renewed.status, 200, 'the call after expiry succeeds');
            assert.notEqual(renewed.auth, first.auth, 'with a renewed token');
            assert.ok(jwtExp(renewed.auth.slice('Bearer '.length)) * 1000 > firstExpMs);
            assert.ok(grants.includes('refresh_token'), `renewed with the refresh token (grants: ${grants})`);
            assert.equal(loginPages.length, 1, 'no second login');
            assert.equal(new URL(p.url()).origin, oidcWebUrl);
            await who.filter({ hasText: 'demo-viewer' }).waitFor();

            // sign-out ends the Keycloak session and returns to the signed-out app
            await p.getByRole('button', { name: 'Sign out' }).click();
            await p.waitForURL((url) => url.origin === oidcWebUrl && url.pathname === '/');
            await p.getByRole('link', { name: 'Sign in' }).waitFor();
            assert.equal(await who.count(), 0);
            assert.equal(await nav.getByRole('link', { name: 'Wallet' }).count(), 0);
            assert.equal(
                await p.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user')).length),
                0,
            );
            await shot(p, 'signed-out');

            // an admin: Keycloak asks for credentials again (the session ended), the admin console is there
            await p.getByRole('link', { name: 'Sign in' }).click();
            await p.getByRole('button', { name: 'Sign in with your Creditcast account' }).click();
            await keycloakLogin(p, issuer, 'demo-admin');
            await p.locator('#kc-login').click();
            await who.filter({ hasText: 'demo-admin' }).waitFor();
            assert.equal(loginPages.length, 2);
            await nav.getByRole('link', { name: 'Admin' }).click();
            await p.getByRole('heading', { name: 'Admin' }).waitFor();
            await p.getByTestId('prices').waitFor();
            const prices = calls.filter((c) => c.path === '/api/v1/admin/prices');
            assert.ok(prices.length > 0, 'the admin console read the prices');
            assert.deepEqual(
                prices.map((c) => [c.status, /^Bearer /.test(c.auth ?? '')]),
                prices.map(() => [200, true]),
                'the command service let the admin token in',
            );
            await shot(p, 'signed-in-admin');
            await ctx.close();
        });

        await context.close();
    } finally {
        await browser.close();
        await platform.stop();
    }
    const summary = {
        total_ms: Date.now() - runStarted,
        platform_timings_ms: platform.timings,
        metering_interval_ms: METERING_INTERVAL_MS,
        player_start_ms: startTimesMs,
        results,
    };
    writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
    const failed = results.filter((r) => !r.ok);
    console.log(
        `e2e: ${results.length - failed.length}/${results.length} passed in ${summary.total_ms} ms; screenshots in ${shotsDir}`,
    );
    if (failed.length) process.exitCode = 1;
}

main().catch((e) => {
    console.error(`e2e: ${e?.stack ?? e}`);
    process.exitCode = 1;
});
