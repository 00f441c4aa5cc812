import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api/client';
import { creditcastApi } from './api/creditcast';
import { App } from './app/App';
import { ServicesProvider } from './app/context';
import type { Auth } from './auth/auth';
import { DevAuth } from './auth/devAuth';
import { loadRuntimeConfig } from './config/runtimeConfig';
import './styles.css';

async function boot() {
  const root = createRoot(document.getElementById('root')!);
  try {
    const config = await loadRuntimeConfig();
    const auth: Auth =
      config.auth.mode === 'oidc'
        ? new (await import('./auth/oidcAuth')).OidcAuth(config.auth)
        : new DevAuth(config.auth);
    await auth.init();
    const api = creditcastApi(new ApiClient(config.apiBaseUrl, auth), new ApiClient(config.queryApiBaseUrl, auth));
    root.render(
      <StrictMode>
        <ServicesProvider services={{ config, auth, api }}>
          <App />
        </ServicesProvider>
      </StrictMode>,
    );
  } catch (e) {
    root.render(
      <main id="main" className="notice error" role="alert">
        <h1>Creditcast could not start</h1>
        <p>{e instanceof Error ? e.message : String(e)}</p>
      </main>,
    );
  }
}

void boot();
