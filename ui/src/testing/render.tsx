import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { ServicesProvider } from '../app/context';
import type { Auth, SignedInUser } from '../auth/auth';
import type { CreditcastApi } from '../api/creditcast';
import type { RuntimeConfig } from '../config/runtimeConfig';

export const testConfig: RuntimeConfig = {
  apiBaseUrl: '',
  queryApiBaseUrl: '/query',
  playbackUrlTemplate: '/hls/{streamId}/index.m3u8',
  auth: { mode: 'dev' },
  tipPresetsMinor: [10, 50],
};

export function fakeAuth(user: SignedInUser | null): Auth {
  return {
    mode: 'dev',
    currentUser: () => user,
    init: async () => user,
    signIn: async () => undefined,
    signOut: async () => undefined,
    subscribe: () => () => undefined,
    authHeaders: async () => ({}),
  };
}

/** Renders `element` at `path` (matched by `route`) with the given API fake. */
export function renderWithServices(
  element: ReactElement,
  api: Partial<CreditcastApi>,
  { path = '/', route = '/', user = { id: 'v1', name: 'v1', roles: ['viewer'] } as SignedInUser | null } = {},
) {
  return render(
    <ServicesProvider services={{ config: testConfig, auth: fakeAuth(user), api: api as CreditcastApi }}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={route} element={element} />
        </Routes>
      </MemoryRouter>
    </ServicesProvider>,
  );
}
