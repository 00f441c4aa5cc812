import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Auth, SignedInUser } from '../auth/auth';
import type { CreditcastApi } from '../api/creditcast';
import type { RuntimeConfig } from '../config/runtimeConfig';

export interface AppServices {
  config: RuntimeConfig;
  auth: Auth;
  api: CreditcastApi;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}

export function useUser(): SignedInUser | null {
  const { auth } = useServices();
  const [user, setUser] = useState(auth.currentUser());
  useEffect(() => auth.subscribe(setUser), [auth]);
  return user;
}
