import { lazy, Suspense, useState, type ReactNode } from 'react';
import {
  BrowserRouter,
  Link,
  NavLink,
  Navigate,
  Route,
  Routes,
  useLocation,
  useNavigate,
  useSearchParams,
} from 'react-router-dom';
import { AdminPage } from '../admin/AdminPage';
import { AuditorPage } from '../admin/AuditorPage';
import { ModerationPage } from '../admin/ModerationPage';
import { DevAuth } from '../auth/devAuth';
import { ROLES, type Role } from '../config/runtimeConfig';
import { CreatorPage } from '../creator/CreatorPage';
import { DirectoryPage } from '../directory/DirectoryPage';
import { NotificationsBell } from '../notifications/NotificationsBell';
import { StudioPage } from '../studio/StudioPage';
import { WalletPage } from '../wallet/WalletPage';
import { PaymentReturnPage } from '../wallet/PaymentReturnPage';
import { useServices, useUser } from './context';
import { Loading } from '../components/async';
import { hasAnyRole, navItemsFor } from './navigation';

// the stream page brings hls.js (~500 kB): loaded only when a stream is opened
const StreamPage = lazy(() => import('../stream/StreamPage').then((m) => ({ default: m.StreamPage })));

export function App() {
  return (
    <BrowserRouter>
      <Shell>
        <Routes>
          <Route path="/" element={<DirectoryPage />} />
          <Route
            path="/streams/:streamId"
            element={
              <Suspense fallback={<Loading />}>
                <StreamPage />
              </Suspense>
            }
          />
          <Route path="/creators/:creatorId" element={<CreatorPage />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route
            path="/wallet"
            element={
              <RequireRoles roles={ROLES}>
                <WalletPage />
              </RequireRoles>
            }
          />
          <Route
            path="/payments/:paymentId/success"
            element={
              <RequireRoles roles={ROLES}>
                <PaymentReturnPage outcome="success" />
              </RequireRoles>
            }
          />
          <Route
            path="/payments/:paymentId/cancel"
            element={
              <RequireRoles roles={ROLES}>
                <PaymentReturnPage outcome="cancel" />
              </RequireRoles>
            }
          />
          <Route
            path="/studio"
            element={
              <RequireRoles roles={['creator']}>
                <StudioPage />
              </RequireRoles>
            }
          />
          <Route
            path="/moderation"
            element={
              <RequireRoles roles={['moderator', 'admin']}>
                <ModerationPage />
              </RequireRoles>
            }
          />
          <Route
            path="/admin"
            element={
              <RequireRoles roles={['admin']}>
                <AdminPage />
              </RequireRoles>
            }
          />
          <Route
            path="/auditor"
            element={
              <RequireRoles roles={['auditor']}>
                <AuditorPage />
              </RequireRoles>
            }
          />
          <Route path="/auth/callback" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Shell>
    </BrowserRouter>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const user = useUser();
  const { auth } = useServices();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Creditcast
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : ''}>
          <ul>
            {navItemsFor(user?.roles ?? null).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'} onClick={() => setMenuOpen(false)}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {user ? (
            <>
              <NotificationsBell />
              <span data-testid="signed-in-user">
                {user.name}
                {auth.mode === 'dev' ? <span className="badge">dev</span> : null}
              </span>
              <button type="button" onClick={() => void auth.signOut()}>
                Sign out
              </button>
            </>
          ) : (
            <Link to="/sign-in">Sign in</Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function RequireRoles({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const user = useUser();
  const location = useLocation();
  if (!user) return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(location.pathname)}`} replace />;
  if (!hasAnyRole(user.roles, roles)) {
    return (
      <section>
        <h1>Not allowed</h1>
        <p>Your roles ({user.roles.join(', ') || 'none'}) do not give access to this page.</p>
      </section>
    );
  }
  return <>{children}</>;
}

function SignInPage() {
  const { auth } = useServices();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const returnTo = params.get('returnTo')?.startsWith('/') ? params.get('returnTo')! : '/';
  const defaults = auth instanceof DevAuth ? auth.defaults() : { userId: '', roles: ['viewer'] as Role[] };
  const [userId, setUserId] = useState(defaults.userId);
  const [roles, setRoles] = useState<Role[]>(defaults.roles);
  const [error, setError] = useState<string | null>(null);

  if (auth.mode === 'oidc') {
    return (
      <section>
        <h1>Sign in</h1>
        <button type="button" className="primary" onClick={() => void auth.signIn({ returnTo })}>
          Sign in with your Creditcast account
        </button>
      </section>
    );
  }
  return (
    <section>
      <h1>Sign in (development mode)</h1>
      <p className="notice pending">
        Development seam: the services trust the X-Creditcast-User and X-Creditcast-Roles headers until Keycloak sign-in
        lands. Never enable this mode in production.
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await auth.signIn({ userId: userId.trim(), roles });
            navigate(returnTo, { replace: true });
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          }
        }}
      >
        <label>
          User id
          <input value={userId} onChange={(e) => setUserId(e.target.value)} required maxLength={128} />
        </label>
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((r) => (
            <label key={r} className="inline">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => setRoles((cur) => (e.target.checked ? [...cur, r] : cur.filter((x) => x !== r)))}
              />{' '}
              {r}
            </label>
          ))}
        </fieldset>
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </section>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <Link to="/">Back to the directory</Link>
    </section>
  );
}
