import { describe, expect, it } from 'vitest';
import type { User } from 'oidc-client-ts';
import { DevAuth } from './devAuth';
import { jwtClaims, userFromOidc } from './oidcAuth';

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
