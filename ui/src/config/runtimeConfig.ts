/**
 * Runtime configuration, fetched from `/config.json` at start so one bundle serves every
 * environment and no secret or environment URL is built into it. A public OIDC client has no
 * secret: the SPA only needs the issuer and the client id.
 */
export type Role = 'viewer' | 'creator' | 'moderator' | 'admin' | 'auditor';
export const ROLES: readonly Role[] = ['viewer', 'creator', 'moderator', 'admin', 'auditor'];

export interface OidcAuthConfig {
  mode: 'oidc';
  /** Issuer URL of the Keycloak realm, e.g. <keycloak>/realms/creditcast */
  authority: string;
  /** Public PKCE client of the realm (`creditcast-web`, docs/identity.md). */
  clientId: string;
  scope?: string;
  /** Claim holding realm roles (the realm's role mapper puts them top-level as `roles`). */
  rolesClaim?: string;
  /**
   * How long before the access token expires it is renewed with the refresh token (default 60 s, at most
   * MAX_RENEW_BEFORE_EXPIRY_S). Must stay below the realm's access-token lifetime, or every token is renewed
   * right after it arrives.
   */
  renewBeforeExpirySeconds?: number;
}

export const DEFAULT_RENEW_BEFORE_EXPIRY_S = 60;
export const MAX_RENEW_BEFORE_EXPIRY_S = 300;

/** Development seam until Keycloak lands: the services read X-Creditcast-User / X-Creditcast-Roles. */
export interface DevAuthConfig {
  mode: 'dev';
  devUser?: string;
  devRoles?: Role[];
}

export interface RuntimeConfig {
  /** Base URL of the command service (writes, payments, moderation); '' = same origin, paths under /api. */
  apiBaseUrl: string;
  /**
   * Base URL of the query service (read models). Both services serve paths under /api/v1, some the
   * same ones (GET /api/v1/creators/me/earnings on both), so the query service sits behind its own
   * prefix: default `/query` (same origin, the front proxy strips it; see docs/ui.md).
   */
  queryApiBaseUrl: string;
  /** Where the HLS master playlist of a stream lives; `{streamId}` is replaced (media issue). */
  playbackUrlTemplate: string;
  auth: OidcAuthConfig | DevAuthConfig;
  /** Tip presets in credits. */
  tipPresetsMinor?: number[];
}

/** Where the query service is reached when config.json does not say. */
export const DEFAULT_QUERY_API_BASE_URL = '/query';

export const DEFAULT_TIP_PRESETS_MINOR = [10, 50, 100, 500];

export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json is not an object');
  const c = raw as Record<string, unknown>;
  const auth = c.auth as Record<string, unknown> | undefined;
  if (!auth || (auth.mode !== 'oidc' && auth.mode !== 'dev')) {
    throw new Error('config.json: auth.mode must be "oidc" or "dev"');
  }
  if (auth.mode === 'oidc' && (typeof auth.authority !== 'string' || typeof auth.clientId !== 'string')) {
    throw new Error('config.json: auth.authority and auth.clientId are required in oidc mode');
  }
  const renew = auth.renewBeforeExpirySeconds;
  if (
    auth.mode === 'oidc' &&
    renew !== undefined &&
    !(Number.isInteger(renew) && (renew as number) >= 1 && (renew as number) <= MAX_RENEW_BEFORE_EXPIRY_S)
  ) {
    throw new Error(`config.json: auth.renewBeforeExpirySeconds must be 1-${MAX_RENEW_BEFORE_EXPIRY_S}`);
  }
  return {
    apiBaseUrl: typeof c.apiBaseUrl === 'string' ? c.apiBaseUrl.replace(/\/$/, '') : '',
    queryApiBaseUrl:
      typeof c.queryApiBaseUrl === 'string' ? c.queryApiBaseUrl.replace(/\/$/, '') : DEFAULT_QUERY_API_BASE_URL,
    playbackUrlTemplate:
      typeof c.playbackUrlTemplate === 'string' ? c.playbackUrlTemplate : '/hls/{streamId}/index.m3u8',
    auth: auth as unknown as RuntimeConfig['auth'],
    tipPresetsMinor: Array.isArray(c.tipPresetsMinor)
      ? c.tipPresetsMinor.filter((n): n is number => Number.isInteger(n) && n > 0).slice(0, 8)
      : DEFAULT_TIP_PRESETS_MINOR,
  };
}

export async function loadRuntimeConfig(url = '/config.json'): Promise<RuntimeConfig> {
  const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return parseRuntimeConfig(await response.json());
}

export function playbackUrl(config: RuntimeConfig, streamId: string): string {
  return config.playbackUrlTemplate.replace('{streamId}', encodeURIComponent(streamId));
}
