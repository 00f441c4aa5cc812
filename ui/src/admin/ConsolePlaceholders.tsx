import { PendingApi } from '../components/async';

/** Placeholders, clearly marked: these consoles wait for APIs that other issues are building. */
export function ModerationPage() {
  return (
    <div>
      <h1>Moderation</h1>
      <PendingApi
        title="Live streams in real time, takedown with reason"
        waitsFor="the discovery read model with SSE (issue 5) and the stream takedown command (issue 6)"
      />
      <PendingApi title="Chat moderation" waitsFor="the chat service (issue 8)" />
    </div>
  );
}

export function AdminPage() {
  return (
    <div>
      <h1>Admin</h1>
      <PendingApi title="Users and roles" waitsFor="the identity issue (3)" />
      <PendingApi title="Prices, payments, refunds and disputes" waitsFor="the payments service (issue 4)" />
      <PendingApi
        title="Ledger anomalies, reconciliation and revenue dashboard"
        waitsFor="the finance read models (issue 5)"
      />
      <PendingApi title="Audit trail" waitsFor="the audit read model (issue 5)" />
    </div>
  );
}

export function AuditorPage() {
  return (
    <div>
      <h1>Auditor</h1>
      <PendingApi
        title="Journal search, statements, balance as of an instant, exports"
        waitsFor="the auditor read models (issue 5)"
      />
    </div>
  );
}
