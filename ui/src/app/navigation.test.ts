import { describe, expect, it } from 'vitest';
import { hasAnyRole, navItemsFor } from './navigation';

const labels = (roles: Parameters<typeof navItemsFor>[0]) => navItemsFor(roles).map((i) => i.label);

describe('role-aware navigation', () => {
  it('shows only the directory when signed out', () => {
    expect(labels(null)).toEqual(['Directory']);
  });
  it('shows the wallet to a viewer but no consoles', () => {
    expect(labels(['viewer'])).toEqual(['Directory', 'Wallet']);
  });
  it('shows the studio to creators', () => {
    expect(labels(['creator'])).toEqual(['Directory', 'Wallet', 'Creator studio']);
  });
  it('shows moderation and admin to admins, and the auditor view only to auditors', () => {
    expect(labels(['admin'])).toEqual(['Directory', 'Wallet', 'Moderation', 'Admin']);
    expect(labels(['auditor'])).toEqual(['Directory', 'Wallet', 'Auditor']);
  });
  it('checks roles', () => {
    expect(hasAnyRole(['viewer'], ['creator'])).toBe(false);
    expect(hasAnyRole(['viewer', 'creator'], ['creator'])).toBe(true);
    expect(hasAnyRole(undefined, ['creator'])).toBe(false);
  });
});
