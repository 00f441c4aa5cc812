// Player start-time benchmark (issue 9 §9, target p90 ≤ 2 s): starts the same platform as the e2e run
// (PostgreSQL, command and query services, the SPA server with the HLS test stream), then opens a stream
// page RUNS times in headless Debian Chromium, each time in a fresh browser context (no HTTP cache, no
// storage; the dev sign-in is put into sessionStorage before the page's scripts run) and a fresh page.
// One run = navigation start → the first decoded frame: the player's performance mark
// `creditcast:first-frame`, set in the video's requestVideoFrameCallback after 'playing' (HlsPlayer.tsx);
// a mark's startTime is measured from the page's time origin, i.e. the start of the navigation.
//
//   npm run build && npm run bench:player [-- --runs 20 --warmup 1]
// Not part of the test run. Prints every run, then `FIGURE player_start_p90_s <value> s` and p50.
// Environment as for run-e2e.mjs (CHROMIUM, SERVICE_JAR, QUERY_SERVICE_JAR, BENCH_JAR, FFMPEG/FFMPEG_JAR).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startPlatform } from './platform.mjs';

const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(uiDir, '..');
const outDir = join(uiDir, 'target', 'bench-player');
mkdirSync(outDir, { recursive: true });

/** At least this many measured runs (issue 9: "p90 over several runs"); more than MAX_RUNS is refused. */
const MIN_RUNS = 10;
const MAX_RUNS = 500;
const MAX_WARMUP_RUNS = 20;
/** One page load to the first frame may take this long before the run counts as failed. */
const RUN_TIMEOUT_MS = 30_000;

function log(message) {
    console.log(`bench-player: ${message}`);
}

function boundedInt(name, value, min, max) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in [${min}, ${max}]`);
    return n;
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted, p) {
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1];
}

async function api(apiUrl, method, path, { user, roles, body, key }) {
    const headers = { 'content-type': 'application/json', 'X-Creditcast-User': user, 'X-Creditcast-Roles': roles };
    if (key) headers['Idempotency-Key'] = key;
    const r = await fetch(apiUrl + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
}

/**
 * In the page: when each step ended (ms after navigation start, from the Resource Timing entries), to tell
 * which part of the start-up dominates. -1 when a step was not seen.
 */
function phasesOfThePage() {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const end = (test) => {
        const r = resources.find((e) => test(e.name));
        return r ? Math.round(r.responseEnd) : -1;
    };
    return {
        dom_ready_ms: nav ? Math.round(nav.domContentLoadedEventEnd) : -1,
        config_ms: end((n) => n.endsWith('/config.json')),
        session_ms: end((n) => n.includes('/api/v1/viewing-sessions')),
        manifest_ms: end((n) => n.endsWith('.m3u8')),
        first_segment_ms: end((n) => n.endsWith('.ts')),
    };
}

async function main() {
    const { values } = parseArgs({
        options: { runs: { type: 'string', default: '20' }, warmup: { type: 'string', default: '1' } },
    });
    const runs = boundedInt('runs', values.runs, MIN_RUNS, MAX_RUNS);
    const warmup = boundedInt('warmup', values.warmup, 0, MAX_WARMUP_RUNS);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium or set CHROMIUM`);
    if (!existsSync(join(uiDir, 'dist', 'index.html'))) throw new Error('no dist/: run npm run build first');

    const platform = await startPlatform({ root, uiDir, outDir });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const { apiUrl, webUrl } = platform;
    const stamp = Date.now();
    const creator = `bench-creator-${stamp}`;
    const viewer = `bench-viewer-${stamp}`;
    const measured = [];
    /** Where the time goes: each phase's end in ms after navigation start, per run. */
    const phaseSamples = {};
    try {
        const stream = await api(apiUrl, 'POST', '/api/v1/streams', {
            user: creator,
            roles: 'creator',
            body: { title: 'Player start benchmark', category: 'music' },
        });
        // enough credits for every run's metered intervals
        await api(apiUrl, 'POST', '/api/v1/admin/deposits', {
            user: 'bench-admin',
            roles: 'admin',
            key: `bench-${stamp}`,
            body: { user_id: viewer, payment_id: `bench-${stamp}`, provider: 'bench', amount_minor: 100_000 },
        });
        const streamUrl = `${webUrl}/streams/${stream.stream_id}`;
        for (let i = 0; i < warmup + runs; i++) {
            const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            await context.addInitScript(
                (user) =>
                    sessionStorage.setItem('creditcast.dev-user', JSON.stringify({ id: user, roles: ['viewer'] })),
                viewer,
            );
            const page = await context.newPage();
            try {
                await page.goto(streamUrl, { waitUntil: 'commit', timeout: RUN_TIMEOUT_MS });
                const startMs = await page.waitForFunction(
                    () => performance.getEntriesByName('creditcast:first-frame')[0]?.startTime,
                    undefined,
                    { timeout: RUN_TIMEOUT_MS, polling: 50 },
                );
                const ms = Math.round(await startMs.jsonValue());
                const phases = await page.evaluate(phasesOfThePage);
                const what = i < warmup ? 'warm-up' : `run ${i - warmup + 1}/${runs}`;
                log(
                    `${what}: first frame ${ms} ms after navigation start (${Object.entries(phases)
                        .map(([k, v]) => `${k} ${v}`)
                        .join(', ')})`,
                );
                if (i >= warmup) {
                    measured.push(ms);
                    for (const [k, v] of Object.entries(phases)) (phaseSamples[k] ??= []).push(v);
                }
            } finally {
                await context.close();
            }
        }
    } finally {
        await browser.close();
        await platform.stop();
    }
    const sorted = [...measured].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50) / 1000;
    const p90 = percentile(sorted, 90) / 1000;
    const max = sorted[sorted.length - 1] / 1000;
    writeFileSync(
        join(outDir, 'player-start.json'),
        JSON.stringify({ runs, warmup, start_ms: measured, phases_ms: phaseSamples }, null, 2),
    );
    for (const [k, v] of Object.entries(phaseSamples)) {
        log(
            `median ${k}: ${percentile(
                [...v].sort((a, b) => a - b),
                50,
            )}`,
        );
    }
    console.log(`FIGURE player_start_p90_s ${p90.toFixed(2)} s`);
    console.log(`FIGURE player_start_p50_s ${p50.toFixed(2)} s`);
    console.log(`FIGURE player_start_max_s ${max.toFixed(2)} s`);
    log(`${runs} runs (after ${warmup} warm-up); target p90 ≤ 2 s: ${p90 <= 2 ? 'met' : 'MISSED'}`);
}

main().catch((e) => {
    console.error(`bench-player: ${e?.stack ?? e}`);
    process.exitCode = 1;
});
