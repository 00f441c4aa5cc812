// Starts the real servers the e2e run talks to, without Docker: PostgreSQL (embedded binaries through
// the bench module's BenchPostgres, random port), the command service from its exec jar with a
// compressed metering interval, and the query service from its exec jar on the same database (read
// models; Elasticsearch discovery switched off). Also serves the built SPA, a runtime config.json and a
// tiny HLS test stream (made with the FFmpeg program of the media worker's bytedeco dependency), proxies
// /api to the command service and /query/api to the query service (prefix stripped, as the Vite dev
// server does). Every process started here is stopped by stop().
import { spawn, execFileSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync, chmodSync, createWriteStream } from 'node:fs';
import { join, extname, resolve, normalize } from 'node:path';
import { homedir } from 'node:os';
import { connect as netConnect } from 'node:net';

const VERSION = '0.1.0-SNAPSHOT';
const STOP_TIMEOUT_MS = 20_000;
const PG_TIMEOUT_MS = 90_000;
const HEALTH_TIMEOUT_MS = 180_000;

/** The Debian chromium both the e2e run and the player benchmark drive, and its headless flags. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
];

export const METERING_INTERVAL_MS = Number(process.env.E2E_METERING_INTERVAL_MS ?? 1000);

function log(message) {
    console.log(`e2e: ${message}`);
}

export function findJdk21(root) {
    const out = execFileSync(
        'bash',
        ['-c', '. "$1" && find_jdk21', 'find-jdk', join(root, 'scripts/lib/find-jdk.sh')],
        {
            encoding: 'utf8',
        },
    );
    return out.trim();
}

function freePort() {
    return new Promise((resolvePort, reject) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => resolvePort(port));
        });
        s.on('error', reject);
    });
}

function waitFor(what, timeoutMs, check, child) {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolveWait, reject) => {
        const tick = async () => {
            if (child && child.exitCode !== null)
                return reject(new Error(`${what}: the process exited (${child.exitCode})`));
            try {
                const value = await check();
                if (value) return resolveWait(value);
            } catch {
                // not yet
            }
            if (Date.now() > deadline) return reject(new Error(`${what}: not ready after ${timeoutMs} ms`));
            setTimeout(tick, 300);
        };
        tick();
    });
}

/** Makes a 6 s VOD HLS stream (the player loops it) once; returns its folder. */
export function ensureHlsFixture(outDir) {
    const dir = join(outDir, 'hls-fixture');
    if (existsSync(join(dir, 'index.m3u8'))) return dir;
    const m2 = process.env.MAVEN_REPO_LOCAL ?? join(homedir(), '.m2', 'repository');
    const jar =
        process.env.FFMPEG_JAR ?? join(m2, 'org/bytedeco/ffmpeg/8.0.1-1.5.13/ffmpeg-8.0.1-1.5.13-linux-x86_64-gpl.jar');
    let ffmpeg = process.env.FFMPEG ?? '';
    const env = { ...process.env };
    if (!ffmpeg) {
        if (!existsSync(jar)) throw new Error(`no FFmpeg: set FFMPEG, or FFMPEG_JAR (looked for ${jar})`);
        const unpacked = join(outDir, 'ffmpeg');
        mkdirSync(unpacked, { recursive: true });
        execFileSync('unzip', ['-q', '-o', jar, 'org/bytedeco/ffmpeg/linux-x86_64-gpl/*', '-d', unpacked]);
        const bin = join(unpacked, 'org/bytedeco/ffmpeg/linux-x86_64-gpl');
        ffmpeg = join(bin, 'ffmpeg');
        chmodSync(ffmpeg, 0o755);
        env.LD_LIBRARY_PATH = bin;
    }
    mkdirSync(dir, { recursive: true });
    execFileSync(
        ffmpeg,
        [
            '-hide_banner',
            '-loglevel',
            'error',
            '-y',
            '-f',
            'lavfi',
            '-i',
            'testsrc2=size=426x240:rate=15',
            '-t',
            '6',
            '-c:v',
            'libx264',
            '-preset',
            'veryfast',
            '-profile:v',
            'baseline',
            '-pix_fmt',
            'yuv420p',
            '-g',
            '15',
            '-f',
            'hls',
            '-hls_time',
            '2',
            '-hls_playlist_type',
            'vod',
            '-hls_segment_filename',
            join(dir, 'seg%d.ts'),
            join(dir, 'index.m3u8'),
        ],
        { env, stdio: 'inherit' },
    );
    return dir;
}

function stopProcess(child, name) {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    log(`stopping ${name} (pid ${child.pid})`);
    return new Promise((resolveStop) => {
        const timer = setTimeout(() => {
            log(`${name} did not stop in ${STOP_TIMEOUT_MS} ms, killing it`);
            child.kill('SIGKILL');
        }, STOP_TIMEOUT_MS);
        child.once('exit', () => {
            clearTimeout(timer);
            resolveStop();
        });
        child.kill('SIGTERM');
    });
}

const MIME = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.map': 'application/json',
    '.m3u8': 'application/vnd.apple.mpegurl',
    '.ts': 'video/mp2t',
    '.svg': 'image/svg+xml',
};

function serveFile(res, file) {
    res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
}

/** Passes one request to 127.0.0.1:<port><path> and its answer back (streamed: SSE works through it). */
function proxy(req, res, port, path) {
    const upstream = httpRequest({ host: '127.0.0.1', port, path, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
    });
    upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
    });
    // a browser that goes away (e.g. a closed SSE stream) ends the upstream request too
    res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
}

/**
 * The SPA server: dist/, /config.json, /hls/<any>/<file> from the fixture, /api proxied to the command
 * service, /query/api proxied to the query service as /api (docs/ui.md, "Two services, one origin").
 */
function startWebServer({ distDir, hlsDir, apiPort, queryPort, config }) {
    const server = createServer((req, res) => {
        const url = new URL(req.url, 'http://localhost');
        if (url.pathname.startsWith('/query/api/')) return proxy(req, res, queryPort, req.url.slice('/query'.length));
        if (url.pathname.startsWith('/api/')) return proxy(req, res, apiPort, req.url);
        if (url.pathname === '/config.json') {
            res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
            res.end(JSON.stringify(config));
            return;
        }
        const hls = url.pathname.match(/^\/hls\/[^/]+\/([A-Za-z0-9_.-]+)$/);
        if (hls) {
            const file = join(hlsDir, hls[1]);
            if (existsSync(file)) return serveFile(res, file);
            res.writeHead(404);
            res.end();
            return;
        }
        const candidate = normalize(join(distDir, decodeURIComponent(url.pathname)));
        if (candidate.startsWith(distDir) && existsSync(candidate) && statSync(candidate).isFile()) {
            return serveFile(res, candidate);
        }
        serveFile(res, join(distDir, 'index.html'));
    });
    // WebSocket upgrades under /api (the chat room) are passed through to the command service as raw bytes
    server.on('upgrade', (req, socket, head) => {
        if (!req.url.startsWith('/api/')) {
            socket.destroy();
            return;
        }
        const upstream = netConnect(apiPort, '127.0.0.1', () => {
            const lines = [`${req.method} ${req.url} HTTP/1.1`];
            for (let i = 0; i < req.rawHeaders.length; i += 2)
                lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
            upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
            if (head && head.length > 0) upstream.write(head);
            upstream.pipe(socket);
            socket.pipe(upstream);
        });
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
    });
    return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

export async function startPlatform({ root, uiDir, outDir }) {
    const started = { children: [], server: null };
    const stop = async () => {
        if (started.server) await new Promise((r) => started.server.close(r));
        for (const [child, name] of started.children.reverse()) await stopProcess(child, name);
    };
    try {
        const jdk = findJdk21(root);
        const java = join(jdk, 'bin', 'java');
        const serviceJar =
            process.env.SERVICE_JAR ?? join(root, `command-service/target/command-service-${VERSION}-exec.jar`);
        const queryJar =
            process.env.QUERY_SERVICE_JAR ?? join(root, `query-service/target/query-service-${VERSION}-exec.jar`);
        const benchJar = process.env.BENCH_JAR ?? join(root, `bench/target/bench-${VERSION}-all.jar`);
        for (const jar of [serviceJar, queryJar, benchJar]) {
            if (!existsSync(jar)) {
                throw new Error(
                    `${jar} is missing; build it with: mvn -pl command-service,query-service,bench -am package -DskipTests`,
                );
            }
        }
        const hlsDir = ensureHlsFixture(outDir);

        log('starting PostgreSQL');
        const pgLog = createWriteStream(join(outDir, 'postgres.log'));
        const pg = spawn(java, ['-cp', benchJar, 'io.creditcast.bench.BenchPostgres'], {
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        started.children.push([pg, 'PostgreSQL']);
        let pgOut = '';
        pg.stdout.on('data', (d) => {
            pgOut += d;
            pgLog.write(d);
        });
        pg.stderr.pipe(pgLog);
        const pgUrl = await waitFor('PostgreSQL', PG_TIMEOUT_MS, () => pgOut.match(/^PG_URL=(.*)$/m)?.[1], pg);

        const apiPort = await freePort();
        log(`starting the command service on port ${apiPort} (metering interval ${METERING_INTERVAL_MS} ms)`);
        const serviceLog = createWriteStream(join(outDir, 'command-service.log'));
        const service = spawn(
            java,
            // C1 only and the serial collector: a quicker start-up for a short test run on a small machine
            [
                '-Xmx512m',
                '-XX:TieredStopAtLevel=1',
                '-XX:+UseSerialGC',
                '-jar',
                serviceJar,
                `--server.port=${apiPort}`,
                `--management.server.port=${apiPort}`,
                `--creditcast.metering.interval-ms=${METERING_INTERVAL_MS}`,
                // the e2e users act through security-support's explicit dev-headers mode (Keycloak sign-in is separate)
                '--creditcast.security.mode=dev-headers',
                '--creditcast.settlement.interval-ms=500',
                // the SANDBOX payment provider (no money), as in the local run
                '--creditcast.payments.sandbox.enabled=true',
            ],
            {
                env: {
                    ...process.env,
                    SPRING_DATASOURCE_URL: pgUrl,
                    SPRING_DATASOURCE_USERNAME: 'postgres',
                    SPRING_DATASOURCE_PASSWORD: 'postgres',
                    AXONIQ_UPDATE_CHECKER_DISABLED: 'true',
                },
                stdio: ['ignore', 'pipe', 'pipe'],
            },
        );
        started.children.push([service, 'command service']);
        service.stdout.pipe(serviceLog);
        service.stderr.pipe(serviceLog);
        const apiUrl = `http://127.0.0.1:${apiPort}`;
        await waitFor(
            'command service',
            HEALTH_TIMEOUT_MS,
            async () => {
                const r = await fetch(`${apiUrl}/actuator/health`, { signal: AbortSignal.timeout(2000) });
                return r.ok && (await r.json()).status === 'UP';
            },
            service,
        );
        log('command service is UP');

        // after the command service: its migrations create the event store the query service reads
        const queryPort = await freePort();
        log(`starting the query service on port ${queryPort}`);
        const queryLog = createWriteStream(join(outDir, 'query-service.log'));
        const query = spawn(
            java,
            [
                '-Xmx512m',
                '-XX:TieredStopAtLevel=1',
                '-XX:+UseSerialGC',
                '-jar',
                queryJar,
                `--server.port=${queryPort}`,
                `--management.server.port=${queryPort}`,
                '--creditcast.security.mode=dev-headers',
                // no Elasticsearch in this run: discovery (directory, search, live list) answers 404
                '--creditcast.query.elasticsearch.enabled=false',
                `--creditcast.query.database.url=${pgUrl}`,
                '--creditcast.query.database.username=postgres',
                '--creditcast.query.database.password=postgres',
            ],
            {
                env: { ...process.env, AXONIQ_UPDATE_CHECKER_DISABLED: 'true' },
                stdio: ['ignore', 'pipe', 'pipe'],
            },
        );
        started.children.push([query, 'query service']);
        query.stdout.pipe(queryLog);
        query.stderr.pipe(queryLog);
        const queryUrl = `http://127.0.0.1:${queryPort}`;
        await waitFor(
            'query service',
            HEALTH_TIMEOUT_MS,
            async () => {
                const r = await fetch(`${queryUrl}/actuator/health`, { signal: AbortSignal.timeout(2000) });
                return r.ok && (await r.json()).status === 'UP';
            },
            query,
        );
        log('query service is UP');

        started.server = await startWebServer({
            distDir: resolve(uiDir, 'dist'),
            hlsDir,
            apiPort,
            queryPort,
            config: {
                apiBaseUrl: '',
                queryApiBaseUrl: '/query',
                playbackUrlTemplate: '/hls/{streamId}/index.m3u8',
                auth: { mode: 'dev', devUser: 'e2e-viewer', devRoles: ['viewer'] },
            },
        });
        const webUrl = `http://127.0.0.1:${started.server.address().port}`;
        log(`UI at ${webUrl}`);
        return { apiUrl, queryUrl, webUrl, stop };
    } catch (e) {
        await stop();
        throw e;
    }
}

export function listFiles(dir) {
    return existsSync(dir) ? readdirSync(dir) : [];
}
