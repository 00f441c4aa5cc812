import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { DEFAULT_RENEW_BEFORE_EXPIRY_S, type OidcAuthConfig } from '../config/runtimeConfig';
import { onlyKnownRoles, type Auth, type SignedInUser } from './auth';

export const CALLBACK_PATH = '/auth/callback';
/**
 * A token with less time left than this is renewed before it is sent: the renewal timer may not have fired
 * (timers of background tabs are throttled, a suspended laptop wakes up with an expired token).
 */
export const MIN_TOKEN_VALIDITY_S = 2;

/** Reads the payload of a JWT without verifying it (the API verifies; the UI only shows roles). */
export function jwtClaims(token: string | undefined): Record<string, unknown> {
  const payload = token?.split('.')[1];
  if (!payload) return {};
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function userFromOidc(user: User, rolesClaim = 'roles'): SignedInUser {
  const fromAccess = jwtClaims(user.access_token);
  const rawRoles =
    (user.profile as Record<string, unknown>)[rolesClaim] ??
    fromAccess[rolesClaim] ??
    (fromAccess.realm_access as { roles?: unknown } | undefined)?.roles;
  return {
    id: user.profile.sub,
    name: user.profile.preferred_username ?? user.profile.name ?? user.profile.sub,
    roles: onlyKnownRoles(rawRoles),
  };
}

/**
 * OIDC authorization code flow with PKCE (S256) against Keycloak through oidc-client-ts: sign-in
 * redirect, callback at /auth/callback, silent renew with the refresh token before expiry (and on demand
 * when a call finds the token expired, also after a reload), sign-out through the end-session endpoint.
 * Tokens stay in sessionStorage (per tab).
 */
export class OidcAuth implements Auth {
  readonly mode = 'oidc' as const;
  private readonly manager: UserManager;
  private user: SignedInUser | null = null;
  private accessToken: string | null = null;
  private readonly listeners = new Set<(u: SignedInUser | null) => void>();
  private renewing: Promise<User | null> | null = null;

  constructor(private readonly config: OidcAuthConfig) {
    const origin = window.location.origin;
    this.manager = new UserManager({
      authority: config.authority,
      client_id: config.clientId,
      redirect_uri: origin + CALLBACK_PATH,
      post_logout_redirect_uri: origin + '/',
      response_type: 'code',
      scope: config.scope ?? 'openid profile',
      automaticSilentRenew: true,
      accessTokenExpiringNotificationTimeInSeconds: config.renewBeforeExpirySeconds ?? DEFAULT_RENEW_BEFORE_EXPIRY_S,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
    this.manager.events.addUserLoaded((u) => this.setUser(u));
    this.manager.events.addUserUnloaded(() => this.setUser(null));
    this.manager.events.addSilentRenewError(() => this.setUser(null));
  }

  async init(): Promise<SignedInUser | null> {
    if (window.location.pathname === CALLBACK_PATH) {
      const u = await this.manager.signinRedirectCallback();
      const returnTo = typeof u.state === 'string' && u.state.startsWith('/') ? u.state : '/';
      window.history.replaceState(null, '', returnTo);
      this.setUser(u);
    } else {
      const u = await this.manager.getUser();
      if (u?.expired && u.refresh_token) await this.renew();
      else this.setUser(u && !u.expired ? u : null);
    }
    return this.user;
  }

  currentUser(): SignedInUser | null {
    return this.user;
  }

  async signIn(options: { returnTo?: string } = {}): Promise<void> {
    await this.manager.signinRedirect({ state: options.returnTo ?? window.location.pathname });
  }

  async signOut(): Promise<void> {
    await this.manager.signoutRedirect();
  }

  async authHeaders(): Promise<Record<string, string>> {
    if (!this.accessToken) return {};
    const u = await this.manager.getUser();
    const left = u?.expires_in;
    if (u && left !== undefined && left < MIN_TOKEN_VALIDITY_S) await this.renew();
    return this.accessToken ? { Authorization: `Bearer ${this.accessToken}` } : {};
  }

  /** One refresh-token renewal at a time; a failed one (session over at Keycloak) signs the user out here. */
  private renew(): Promise<User | null> {
    this.renewing ??= this.manager
      .signinSilent()
      .then((u) => {
        this.setUser(u);
        return u;
      })
      .catch(async () => {
        await this.manager.removeUser();
        this.setUser(null);
        return null;
      })
      .finally(() => {
        this.renewing = null;
      });
    return this.renewing;
  }

  subscribe(listener: (user: SignedInUser | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setUser(u: User | null): void {
    this.accessToken = u?.access_token ?? null;
    this.user = u ? userFromOidc(u, this.config.rolesClaim) : null;
    for (const l of this.listeners) l(this.user);
  }
}
