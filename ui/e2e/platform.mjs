// Starts the real servers the e2e run talks to, without Docker: PostgreSQL (embedded binaries through
// the bench module's BenchPostgres, random port), the command service from its exec jar with a
// compressed metering interval, and the query service from its exec jar on the same database (read
// models). On request also Keycloak and Elasticsearch, through the bench jar's TestServers (the same
// SharedKeycloak / SharedElasticsearch the ITs use), started at once with PostgreSQL: then the services
// run in the jwt-and-dev-headers security mode (Keycloak tokens verified, dev headers for the other
// scenarios) and the query service's discovery is on. Also serves the built SPA, a runtime config.json and
// a tiny HLS test stream (made with the FFmpeg program of the media worker's bytedeco dependency), proxies
// /api to the command service and /query/api to the query service (prefix stripped, as the Vite dev
// server does); with Keycloak a second web server serves the same SPA with an OIDC config.json. Every
// process started here is stopped by stop().
import { spawn, execFileSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import {
    createReadStream,
    existsSync,
    mkdirSync,
    readdirSync,
    readFileSync,
    statSync,
    chmodSync,
    createWriteStream,
} from 'node:fs';
import { join, extname, resolve, normalize } from 'node:path';
import { homedir } from 'node:os';
import { connect as netConnect } from 'node:net';

const VERSION = '0.1.0-SNAPSHOT';
const STOP_TIMEOUT_MS = 20_000;
/** TestServers stops Keycloak (up to 20 s) and Elasticsearch (up to 20 s) in its shutdown hooks. */
const TEST_SERVERS_STOP_TIMEOUT_MS = 60_000;
const PG_TIMEOUT_MS = 90_000;
/** A service's start-up took over 3 minutes at a load average of 25 on the shared 2-core machine. */
const HEALTH_TIMEOUT_MS = Number(process.env.E2E_HEALTH_TIMEOUT_MS ?? 360_000);
/**
 * Keycloak's first start on a fresh database (schema creation) took minutes on a loaded 2-core machine; later
 * starts 15-100 s. Elasticsearch is ready in 8-20 s (SERVERS.md), over 3 minutes at a load average of 25.
 */
const KEYCLOAK_TIMEOUT_MS = 900_000;
const ELASTICSEARCH_TIMEOUT_MS = 600_000;

/** The realm the e2e run creates (and deletes) in the shared test Keycloak: the Creditcast realm with its dev overlay. */
export const E2E_REALM = 'creditcast-e2e';
/** Access token lifetime in the e2e realm: short, so the sign-in scenario sees a token expire and renewed. */
export const E2E_ACCESS_TOKEN_LIFESPAN_S = Number(process.env.E2E_ACCESS_TOKEN_LIFESPAN_S ?? 15);
/** The UI renews this long before expiry (the default of 60 s would renew a 15 s token at once, again and again). */
export const E2E_RENEW_BEFORE_EXPIRY_S = 5;
/** Clock skew the services allow on exp in the e2e run, so an expired token is refused soon after it expired. */
export const E2E_CLOCK_SKEW_S = 1;
export const DEMO_PASSWORD = 'Creditcast-demo-1';

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

function stopProcess(child, name, timeoutMs = STOP_TIMEOUT_MS) {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    log(`stopping ${name} (pid ${child.pid})`);
    return new Promise((resolveStop) => {
        const timer = setTimeout(() => {
            log(`${name} did not stop in ${timeoutMs} ms, killing it`);
            child.kill('SIGKILL');
        }, timeoutMs);
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

/** Settles quietly until awaited: a promise kept for later must not reject unobserved (Node would exit). */
function later(promise) {
    promise.catch(() => {});
    return promise;
}

/**
 * Starts the bench jar's TestServers: Keycloak on `keycloakPort` (the shared test database, so only the first
 * run on a machine creates it) and/or Elasticsearch (random port). Returns the process and a promise per server
 * that resolves to its URL once it is ready.
 */
function startTestServers({ java, benchJar, outDir, keycloakPort, elasticsearch }) {
    const args = [];
    if (keycloakPort) args.push(`keycloak=${keycloakPort}`);
    if (elasticsearch) args.push('elasticsearch');
    const m2 = process.env.MAVEN_REPO_LOCAL ?? join(homedir(), '.m2', 'repository');
    const child = spawn(
        java,
        [
            '-Xmx256m',
            `-Dmaven.repo.local=${m2}`,
            `-Dcreditcast.elasticsearch.start-timeout-s=${ELASTICSEARCH_TIMEOUT_MS / 1000}`,
            `-Dcreditcast.keycloak.start-timeout-s=${KEYCLOAK_TIMEOUT_MS / 1000}`,
            '-cp',
            benchJar,
            'io.creditcast.bench.TestServers',
            ...args,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const serversLog = createWriteStream(join(outDir, 'test-servers.log'));
    let out = '';
    child.stdout.on('data', (d) => {
        out += d;
        serversLog.write(d);
    });
    child.stderr.pipe(serversLog);
    const urlOf = (what, key, timeoutMs) =>
        later(
            waitFor(
                what,
                timeoutMs,
                () => {
                    const failed = out.match(/^FAILED (.*)$/m)?.[1];
                    if (failed) return { failed };
                    return out.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1];
                },
                child,
            ).then((v) => {
                if (typeof v === 'object')
                    throw new Error(`${what}: ${v.failed} (see ${join(outDir, 'test-servers.log')})`);
                return v;
            }),
        );
    return {
        child,
        keycloak: keycloakPort ? urlOf('Keycloak', 'KEYCLOAK_URL', KEYCLOAK_TIMEOUT_MS) : null,
        elasticsearch: elasticsearch ? urlOf('Elasticsearch', 'ELASTICSEARCH_URL', ELASTICSEARCH_TIMEOUT_MS) : null,
    };
}

async function keycloakAdmin(keycloakUrl) {
    const r = await fetch(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({
            grant_type: 'password',
            client_id: 'admin-cli',
            username: 'admin',
            password: 'admin',
        }),
        signal: AbortSignal.timeout(60_000),
    });
    if (!r.ok) throw new Error(`Keycloak admin token: ${r.status} ${await r.text()}`);
    const token = (await r.json()).access_token;
    return (method, path, body) =>
        fetch(`${keycloakUrl}/admin/realms${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: body ? JSON.stringify(body) : undefined,
            signal: AbortSignal.timeout(120_000),
        });
}

/**
 * (Re)creates the e2e realm: config/keycloak's realm and dev overlay (demo users per role, password
 * DEMO_PASSWORD) under the name E2E_REALM, with the short access-token lifetime and the SPA client's redirect
 * URIs (and so its CORS origins) set to the OIDC web server. A realm of its own, so the shared test database's
 * `creditcast` realm, which the ITs use, is never changed.
 */
async function createE2eRealm({ root, keycloakUrl, webOrigin }) {
    const admin = await keycloakAdmin(keycloakUrl);
    const realm = JSON.parse(readFileSync(join(root, 'config/keycloak/creditcast-realm.json'), 'utf8'));
    const overlay = JSON.parse(readFileSync(join(root, 'config/keycloak/creditcast-dev-overlay.json'), 'utf8'));
    realm.realm = E2E_REALM;
    realm.displayName = 'Creditcast (e2e)';
    realm.accessTokenLifespan = E2E_ACCESS_TOKEN_LIFESPAN_S;
    realm.clients = [...realm.clients, ...overlay.clients].map((c) => {
        if (c.clientId === 'creditcast-web') return { ...c, rootUrl: webOrigin, redirectUris: [`${webOrigin}/*`] };
        // the realm file's ${...} placeholder is resolved only by kc.sh import
        if (c.secret) return { ...c, secret: 'e2e-only-secret' };
        return c;
    });
    realm.users = [...realm.users, ...overlay.users];
    const removed = await admin('DELETE', `/${E2E_REALM}`); // a leftover of an interrupted run
    if (removed.status !== 204 && removed.status !== 404)
        throw new Error(`deleting realm ${E2E_REALM}: ${removed.status}`);
    const created = await admin('POST', '', realm);
    if (created.status !== 201)
        throw new Error(`creating realm ${E2E_REALM}: ${created.status} ${await created.text()}`);
}

async function deleteE2eRealm(keycloakUrl) {
    try {
        const admin = await keycloakAdmin(keycloakUrl);
        await admin('DELETE', `/${E2E_REALM}`);
    } catch (e) {
        log(`deleting realm ${E2E_REALM} failed: ${e}`);
    }
}

/**
 * @param withKeycloak start Keycloak, create the e2e realm, run the services in the jwt-and-dev-headers mode and
 *     serve an OIDC build of config.json on a second web server (`oidcWebUrl`)
 * @param withElasticsearch start Elasticsearch and switch the query service's discovery on
 */
export async function startPlatform({ root, uiDir, outDir, withKeycloak = false, withElasticsearch = false }) {
    const platformStarted = Date.now();
    const timings = {};
    const mark = (name) => {
        timings[name] = Date.now() - platformStarted;
    };
    const started = { children: [], servers: [], keycloakUrl: null, realm: false };
    const stop = async () => {
        for (const server of started.servers) await new Promise((r) => server.close(r));
        if (started.realm) await deleteE2eRealm(started.keycloakUrl);
        for (const [child, name, timeoutMs] of started.children.reverse()) await stopProcess(child, name, timeoutMs);
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
        const apiPort = await freePort();
        const queryPort = await freePort();

        // Keycloak and Elasticsearch start first and alongside everything else: they take longest
        const keycloakPort = withKeycloak ? await freePort() : 0;
        let testServers = null;
        if (withKeycloak || withElasticsearch) {
            log(
                `starting${withKeycloak ? ` Keycloak on port ${keycloakPort}` : ''}${withElasticsearch ? ' Elasticsearch' : ''}`,
            );
            testServers = startTestServers({
                java,
                benchJar,
                outDir,
                keycloakPort,
                elasticsearch: withElasticsearch,
            });
            started.children.push([testServers.child, 'Keycloak/Elasticsearch', TEST_SERVERS_STOP_TIMEOUT_MS]);
        }
        const issuer = withKeycloak ? `http://127.0.0.1:${keycloakPort}/realms/${E2E_REALM}` : null;
        const securityArgs = withKeycloak
            ? [
                  // Keycloak users' tokens are verified as in jwt mode; the other scenarios act through dev headers
                  '--creditcast.security.mode=jwt-and-dev-headers',
                  `--creditcast.security.jwt.issuer-uri=${issuer}`,
                  `--creditcast.security.jwt.clock-skew=${E2E_CLOCK_SKEW_S}s`,
              ]
            : ['--creditcast.security.mode=dev-headers'];

        const distDir = resolve(uiDir, 'dist');
        const baseConfig = {
            apiBaseUrl: '',
            queryApiBaseUrl: '/query',
            playbackUrlTemplate: '/hls/{streamId}/index.m3u8',
        };
        const web = await startWebServer({
            distDir,
            hlsDir,
            apiPort,
            queryPort,
            config: { ...baseConfig, auth: { mode: 'dev', devUser: 'e2e-viewer', devRoles: ['viewer'] } },
        });
        started.servers.push(web);
        const webUrl = `http://127.0.0.1:${web.address().port}`;
        let oidcWebUrl = null;
        let realmReady = Promise.resolve();
        if (withKeycloak) {
            const oidcWeb = await startWebServer({
                distDir,
                hlsDir,
                apiPort,
                queryPort,
                config: {
                    ...baseConfig,
                    auth: {
                        mode: 'oidc',
                        authority: issuer,
                        clientId: 'creditcast-web',
                        renewBeforeExpirySeconds: E2E_RENEW_BEFORE_EXPIRY_S,
                    },
                },
            });
            started.servers.push(oidcWeb);
            oidcWebUrl = `http://127.0.0.1:${oidcWeb.address().port}`;
            realmReady = later(
                testServers.keycloak.then(async (keycloakUrl) => {
                    mark('keycloak_ready_ms');
                    started.keycloakUrl = keycloakUrl;
                    started.realm = true;
                    await createE2eRealm({ root, keycloakUrl, webOrigin: oidcWebUrl });
                    mark('realm_ready_ms');
                    log(`Keycloak is up, realm ${E2E_REALM} created`);
                }),
            );
        }

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
        mark('postgres_ready_ms');

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
                // the e2e users act through security-support's explicit dev-headers mode (with Keycloak: as well)
                ...securityArgs,
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
        mark('command_service_up_ms');
        log('command service is UP');

        let discoveryArgs = ['--creditcast.query.elasticsearch.enabled=false'];
        if (withElasticsearch) {
            const elasticsearchUrl = await testServers.elasticsearch;
            mark('elasticsearch_ready_ms');
            log(`Elasticsearch is up at ${elasticsearchUrl}`);
            discoveryArgs = [`--creditcast.query.elasticsearch.url=${elasticsearchUrl}`];
        }

        // after the command service: its migrations create the event store the query service reads
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
                ...securityArgs,
                // without Elasticsearch discovery (directory, search, live list) answers 404
                ...discoveryArgs,
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
        mark('query_service_up_ms');
        log('query service is UP');

        await realmReady;
        mark('platform_ready_ms');
        log(`UI at ${webUrl}${oidcWebUrl ? `, with Keycloak sign-in at ${oidcWebUrl}` : ''}`);
        return {
            apiUrl,
            queryUrl,
            webUrl,
            oidcWebUrl,
            keycloakUrl: started.keycloakUrl,
            issuer,
            timings,
            stop,
        };
    } catch (e) {
        await stop();
        throw e;
    }
}

export function listFiles(dir) {
    return existsSync(dir) ? readdirSync(dir) : [];
}
