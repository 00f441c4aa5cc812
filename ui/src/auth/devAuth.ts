import type { DevAuthConfig, Role } from '../config/runtimeConfig';
import { onlyKnownRoles, type Auth, type SignedInUser } from './auth';

/**
 * DEVELOPMENT ONLY. Until the identity issue lands the services take the acting user from the
 * X-Creditcast-User / X-Creditcast-Roles headers (creditcast.security.mode=dev-headers). This
 * stand-in lets the local run pick a user and roles; it is chosen by /config.json, never by default
 * in a production config.
 */
const STORAGE_KEY = 'creditcast.dev-user';
const USER_PATTERN = /^[A-Za-z0-9._@-]{1,128}$/;

export class DevAuth implements Auth {
  readonly mode = 'dev' as const;
  private user: SignedInUser | null = null;
  private readonly listeners = new Set<(u: SignedInUser | null) => void>();

  constructor(
    private readonly config: DevAuthConfig,
    private readonly storage: Storage = sessionStorage,
  ) {}

  async init(): Promise<SignedInUser | null> {
    const stored = this.storage.getItem(STORAGE_KEY);
    if (stored) {
      try {
        const parsed = JSON.parse(stored) as { id?: unknown; roles?: unknown };
        if (typeof parsed.id === 'string' && USER_PATTERN.test(parsed.id)) {
          this.user = { id: parsed.id, name: parsed.id, roles: onlyKnownRoles(parsed.roles) };
        }
      } catch {
        this.storage.removeItem(STORAGE_KEY);
      }
    }
    return this.user;
  }

  currentUser(): SignedInUser | null {
    return this.user;
  }

  defaults(): { userId: string; roles: Role[] } {
    return { userId: this.config.devUser ?? 'demo-viewer', roles: this.config.devRoles ?? ['viewer'] };
  }

  async signIn(options: { userId?: string; roles?: Role[] } = {}): Promise<void> {
    const userId = options.userId ?? this.defaults().userId;
    if (!USER_PATTERN.test(userId)) throw new Error('User id must be 1-128 of A-Z a-z 0-9 . _ @ -');
    const roles = onlyKnownRoles(options.roles ?? this.defaults().roles);
    this.user = { id: userId, name: userId, roles };
    this.storage.setItem(STORAGE_KEY, JSON.stringify({ id: userId, roles }));
    this.notify();
  }

  async signOut(): Promise<void> {
    this.user = null;
    this.storage.removeItem(STORAGE_KEY);
    this.notify();
  }

  async authHeaders(): Promise<Record<string, string>> {
    if (!this.user) return {};
    return { 'X-Creditcast-User': this.user.id, 'X-Creditcast-Roles': this.user.roles.join(',') };
  }

  subscribe(listener: (user: SignedInUser | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l(this.user);
  }
}
