import { afterEach, describe, expect, it, vi } from 'vitest';
import { User, type UserManager } from 'oidc-client-ts';
import { MAX_RENEW_BEFORE_EXPIRY_S, parseRuntimeConfig } from '../config/runtimeConfig';
import { DevAuth } from './devAuth';
import { jwtClaims, MIN_TOKEN_VALIDITY_S, OidcAuth, userFromOidc } from './oidcAuth';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('dev-mode auth (development seam)', () => {
  it('sends the dev headers of the chosen user and keeps only known roles', async () => {
    const storage = memoryStorage();
    const auth = new DevAuth({ mode: 'dev' }, storage);
    expect(await auth.authHeaders()).toEqual({});
    await auth.signIn({ userId: 'alice', roles: ['viewer', 'creator', 'root' as never] });
    expect(await auth.authHeaders()).toEqual({ 'X-Creditcast-User': 'alice', 'X-Creditcast-Roles': 'viewer,creator' });
    const again = new DevAuth({ mode: 'dev' }, storage);
    expect(await again.init()).toEqual({ id: 'alice', name: 'alice', roles: ['viewer', 'creator'] });
    await again.signOut();
    expect(await again.authHeaders()).toEqual({});
  });

  it('refuses user ids the server would reject', async () => {
    await expect(new DevAuth({ mode: 'dev' }, memoryStorage()).signIn({ userId: 'bad user!' })).rejects.toThrow();
  });
});

describe('OIDC user mapping', () => {
  it('reads realm roles from the top-level roles claim of the access token', () => {
    const token = `h.${b64url({ sub: 'u1', roles: ['creator', 'offline_access', 'viewer'] })}.s`;
    const user = { access_token: token, profile: { sub: 'u1', preferred_username: 'ann' } } as unknown as User;
    expect(userFromOidc(user)).toEqual({ id: 'u1', name: 'ann', roles: ['viewer', 'creator'] });
  });

  it('falls back to realm_access.roles', () => {
    const token = `h.${b64url({ realm_access: { roles: ['auditor'] } })}.s`;
    const user = { access_token: token, profile: { sub: 'u2' } } as unknown as User;
    expect(userFromOidc(user).roles).toEqual(['auditor']);
  });

  it('survives a garbled token', () => {
    expect(jwtClaims('not-a-jwt')).toEqual({});
    expect(jwtClaims(undefined)).toEqual({});
  });
});

describe('OIDC token renewal', () => {
  const config = { mode: 'oidc', authority: 'http://127.0.0.1:1/realms/test', clientId: 'web' } as const;
  const userWith = (token: string, secondsLeft: number, refresh = 'refresh-1') =>
    new User({
      access_token: `h.${b64url({ sub: 'u1', roles: ['viewer'] })}.${token}`,
      token_type: 'Bearer',
      refresh_token: refresh,
      profile: { sub: 'u1', iss: config.authority, aud: 'web', exp: 0, iat: 0 },
      expires_at: Math.floor(Date.now() / 1000) + secondsLeft,
    });
  const managerOf = (auth: OidcAuth) => (auth as unknown as { manager: UserManager }).manager;
  afterEach(() => vi.restoreAllMocks());

  async function signedIn(current: User) {
    const auth = new OidcAuth(config);
    const manager = managerOf(auth);
    vi.spyOn(manager, 'getUser').mockResolvedValue(current);
    await auth.init();
    return { auth, manager };
  }

  it('sends a token with time left as it is, without renewing', async () => {
    const current = userWith('first', MIN_TOKEN_VALIDITY_S + 30);
    const { auth, manager } = await signedIn(current);
    const renew = vi.spyOn(manager, 'signinSilent');
    expect(await auth.authHeaders()).toEqual({ Authorization: `Bearer ${current.access_token}` });
    expect(renew).not.toHaveBeenCalled();
  });

  it('renews a token about to expire once for concurrent calls and sends the new one', async () => {
    const { auth, manager } = await signedIn(userWith('first', MIN_TOKEN_VALIDITY_S + 30));
    const fresh = userWith('second', 300);
    vi.spyOn(manager, 'getUser').mockResolvedValue(userWith('first', MIN_TOKEN_VALIDITY_S - 1));
    const renew = vi.spyOn(manager, 'signinSilent').mockResolvedValue(fresh);
    const [a, b] = await Promise.all([auth.authHeaders(), auth.authHeaders()]);
    expect(a).toEqual({ Authorization: `Bearer ${fresh.access_token}` });
    expect(b).toEqual(a);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('restores an expired session after a reload with the refresh token', async () => {
    const auth = new OidcAuth(config);
    const manager = managerOf(auth);
    vi.spyOn(manager, 'getUser').mockResolvedValue(userWith('old', -10));
    vi.spyOn(manager, 'signinSilent').mockResolvedValue(userWith('renewed', 300));
    expect(await auth.init()).toEqual({ id: 'u1', name: 'u1', roles: ['viewer'] });
  });

  it('signs out when the renewal is refused', async () => {
    const { auth, manager } = await signedIn(userWith('first', MIN_TOKEN_VALIDITY_S + 30));
    vi.spyOn(manager, 'getUser').mockResolvedValue(userWith('first', 0));
    vi.spyOn(manager, 'signinSilent').mockRejectedValue(new Error('invalid_grant'));
    const removed = vi.spyOn(manager, 'removeUser').mockResolvedValue(undefined);
    expect(await auth.authHeaders()).toEqual({});
    expect(auth.currentUser()).toBeNull();
    expect(removed).toHaveBeenCalled();
  });
});

describe('OIDC runtime config', () => {
  const oidc = (renewBeforeExpirySeconds: unknown) => ({
    auth: { mode: 'oidc', authority: 'http://kc/realms/x', clientId: 'web', renewBeforeExpirySeconds },
  });

  it('accepts a renewal lead time from 1 s up to the limit and refuses one past it', () => {
    expect(() => parseRuntimeConfig(oidc(1))).not.toThrow();
    expect(() => parseRuntimeConfig(oidc(MAX_RENEW_BEFORE_EXPIRY_S))).not.toThrow();
    expect(() => parseRuntimeConfig(oidc(MAX_RENEW_BEFORE_EXPIRY_S + 1))).toThrow(/renewBeforeExpirySeconds/);
    expect(() => parseRuntimeConfig(oidc(0))).toThrow(/renewBeforeExpirySeconds/);
    expect(() => parseRuntimeConfig(oidc('5'))).toThrow(/renewBeforeExpirySeconds/);
    expect(() => parseRuntimeConfig(oidc(undefined))).not.toThrow();
  });
});
