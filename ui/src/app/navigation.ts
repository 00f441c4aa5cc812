import type { Role } from '../config/runtimeConfig';

export interface NavItem {
  to: string;
  label: string;
  /** Shown when the user has any of these roles; empty = everyone, signed in or not. */
  roles: Role[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Directory', roles: [] },
  { to: '/wallet', label: 'Wallet', roles: ['viewer', 'creator', 'moderator', 'admin', 'auditor'] },
  { to: '/studio', label: 'Creator studio', roles: ['creator'] },
  { to: '/moderation', label: 'Moderation', roles: ['moderator', 'admin'] },
  { to: '/admin', label: 'Admin', roles: ['admin'] },
  { to: '/auditor', label: 'Auditor', roles: ['auditor'] },
];

export function navItemsFor(roles: readonly Role[] | null): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.length === 0 || (roles ?? []).some((r) => item.roles.includes(r)));
}

export function hasAnyRole(roles: readonly Role[] | null | undefined, wanted: readonly Role[]): boolean {
  return (roles ?? []).some((r) => wanted.includes(r));
}
