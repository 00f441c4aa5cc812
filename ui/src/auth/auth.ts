import type { CredentialSource } from '../api/client';
import { ROLES, type Role } from '../config/runtimeConfig';

export interface SignedInUser {
  id: string;
  name: string;
  roles: Role[];
}

/** What the rest of the UI knows about authentication; OIDC and dev mode both implement it. */
export interface Auth extends CredentialSource {
  readonly mode: 'oidc' | 'dev';
  /** The current user, or null when signed out. */
  currentUser(): SignedInUser | null;
  /** Restores a session (e.g. after a reload or the OIDC redirect); resolves to the user or null. */
  init(): Promise<SignedInUser | null>;
  signIn(options?: { userId?: string; roles?: Role[]; returnTo?: string }): Promise<void>;
  signOut(): Promise<void>;
  subscribe(listener: (user: SignedInUser | null) => void): () => void;
}

export function onlyKnownRoles(values: unknown): Role[] {
  if (!Array.isArray(values)) return [];
  return ROLES.filter((r) => values.includes(r));
}
