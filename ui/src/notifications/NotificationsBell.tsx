import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AppNotification } from '../api/creditcast';
import { useServices, useUser } from '../app/context';
import { formatInstant } from '../admin/time';
import { keepOpen } from '../components/reconnecting';

/** Notifications kept in the list (newest first); older ones drop off. */
export const MAX_NOTIFICATIONS_KEPT = 20;
/** Where the newest notification id the user has seen is remembered, per user. */
export const SEEN_KEY_PREFIX = 'creditcast.notifications.seen.';

function seenId(userId: string): number {
  const raw = window.localStorage.getItem(SEEN_KEY_PREFIX + userId);
  return raw ? Number(raw) || 0 : 0;
}

/**
 * In-app notifications of the signed-in user ("a creator you follow went live"): the recent ones on load,
 * new ones over server-sent events (reconnecting with backoff), a count of unseen ones on the button and a
 * toast with a link to the stream when one arrives.
 */
export function NotificationsBell() {
  const { api } = useServices();
  const user = useUser();
  const [items, setItems] = useState<AppNotification[]>([]);
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(0);
  const [toast, setToast] = useState<AppNotification | null>(null);
  const [failed, setFailed] = useState(false);
  const userId = user?.id ?? null;

  useEffect(() => {
    if (!userId) return;
    setSeen(seenId(userId));
    const controller = new AbortController();
    const merge = (incoming: AppNotification[]) =>
      setItems((prev) => {
        const byId = new Map(prev.map((n) => [n.id, n]));
        for (const n of incoming) byId.set(n.id, n);
        return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, MAX_NOTIFICATIONS_KEPT);
      });
    api.notifications({ signal: controller.signal }).then(
      (page) => {
        setFailed(false);
        merge(page.items);
      },
      () => !controller.signal.aborted && setFailed(true),
    );
    const stream = keepOpen(
      (signal) =>
        api.notificationEvents((n) => {
          stream.received();
          merge([n]);
          setToast(n);
        }, signal),
      controller.signal,
    );
    return () => controller.abort();
  }, [api, userId]);

  if (!userId) return null;
  const unseen = items.filter((n) => n.id > seen).length;
  const markSeen = () => {
    const newest = items[0]?.id ?? seen;
    window.localStorage.setItem(SEEN_KEY_PREFIX + userId, String(newest));
    setSeen(newest);
  };
  return (
    <div className="notifications">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="notification-list"
        onClick={() => {
          setOpen((o) => !o);
          if (!open) markSeen();
        }}
      >
        Notifications
        {unseen > 0 ? (
          <>
            {' '}
            <span className="badge live">{unseen} new</span>
          </>
        ) : null}
      </button>
      {open ? (
        <div id="notification-list" className="card popover" role="region" aria-label="Notifications">
          {failed && items.length === 0 ? (
            <p className="notice error">Notifications could not be loaded.</p>
          ) : items.length === 0 ? (
            <p>Nothing yet. Follow creators to hear when they go live.</p>
          ) : (
            <ul>
              {items.map((n) => (
                <li key={n.id}>
                  <NotificationText n={n} onFollow={() => setOpen(false)} />{' '}
                  <span className="muted">{formatInstant(n.created_at)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {toast ? (
        <div className="toast" role="status" data-testid="notification-toast">
          <p>
            <NotificationText n={toast} onFollow={() => setToast(null)} />
          </p>
          <button type="button" onClick={() => setToast(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}

function NotificationText({ n, onFollow }: { n: AppNotification; onFollow: () => void }) {
  if (n.kind === 'creator_live') {
    return (
      <>
        {n.creator_id} is live:{' '}
        <Link to={`/streams/${encodeURIComponent(n.stream_id)}`} onClick={onFollow}>
          {n.title}
        </Link>
      </>
    );
  }
  return <>{n.title}</>;
}
