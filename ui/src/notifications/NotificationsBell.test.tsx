import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../api/creditcast';
import { renderWithServices } from '../testing/render';
import { MAX_NOTIFICATIONS_KEPT, NotificationsBell, SEEN_KEY_PREFIX } from './NotificationsBell';

const viewer = { id: 'fan-1', name: 'fan-1', roles: ['viewer' as const] };

const note = (id: number, extra: Partial<AppNotification> = {}): AppNotification => ({
  id,
  kind: 'creator_live',
  creator_id: 'carol',
  stream_id: `s-${id}`,
  title: `Stream ${id}`,
  created_at: '2026-12-03T20:00:00Z',
  ...extra,
});

afterEach(() => window.localStorage.clear());

describe('the notifications bell', () => {
  it('shows the unseen count, lists them newest first and marks them seen when opened', async () => {
    window.localStorage.setItem(SEEN_KEY_PREFIX + 'fan-1', '1');
    const notifications = vi.fn(async () => ({ items: [note(2), note(1)], next_before_id: null }));
    const notificationEvents = vi.fn(() => new Promise<void>(() => undefined));
    renderWithServices(<NotificationsBell />, { notifications, notificationEvents }, { user: viewer });
    const button = await screen.findByRole('button', { name: 'Notifications 1 new' });
    fireEvent.click(button);
    const list = screen.getByRole('region', { name: 'Notifications' });
    const links = within(list).getAllByRole('link');
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/streams/s-2', '/streams/s-1']);
    expect(within(list).getAllByText(/carol is live/)).toHaveLength(2);
    expect(window.localStorage.getItem(SEEN_KEY_PREFIX + 'fan-1')).toBe('2');
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeTruthy();
  });

  it('toasts a notification that arrives live, once per id, and keeps a bounded list', async () => {
    let push: (n: AppNotification) => void = () => undefined;
    const notifications = vi.fn(async () => ({
      items: Array.from({ length: MAX_NOTIFICATIONS_KEPT }, (_, i) => note(i + 1)),
      next_before_id: null,
    }));
    const notificationEvents = vi.fn((onNotification: (n: AppNotification) => void) => {
      push = onNotification;
      return new Promise<void>(() => undefined);
    });
    renderWithServices(<NotificationsBell />, { notifications, notificationEvents }, { user: viewer });
    await screen.findByRole('button', { name: new RegExp(`${MAX_NOTIFICATIONS_KEPT} new`) });
    push(note(100, { creator_id: 'dave', title: 'Speedrun' }));
    const toast = await screen.findByTestId('notification-toast');
    expect(within(toast).getByRole('link', { name: 'Speedrun' }).getAttribute('href')).toBe('/streams/s-100');
    push(note(100, { creator_id: 'dave', title: 'Speedrun' })); // redelivered
    fireEvent.click(screen.getByRole('button', { name: /Notifications/ }));
    const list = screen.getByRole('region', { name: 'Notifications' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(MAX_NOTIFICATIONS_KEPT);
    expect(within(list).getAllByRole('link')[0]!.textContent).toBe('Speedrun');
    fireEvent.click(within(toast).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('notification-toast')).toBeNull();
  });

  it('reconnects the stream when it ends, says when the list cannot load, and shows nothing signed out', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const notifications = vi.fn(async () => Promise.reject(new TypeError('offline')));
      const notificationEvents = vi.fn(async () => undefined);
      renderWithServices(<NotificationsBell />, { notifications, notificationEvents }, { user: viewer });
      fireEvent.click(await screen.findByRole('button', { name: 'Notifications' }));
      expect(await screen.findByText('Notifications could not be loaded.')).toBeTruthy();
      await vi.advanceTimersByTimeAsync(1_100);
      await waitFor(() => expect(notificationEvents.mock.calls.length).toBeGreaterThanOrEqual(2));
    } finally {
      vi.useRealTimers();
    }
  });

  it('renders nothing for a signed-out visitor', () => {
    const { container } = renderWithServices(<NotificationsBell />, {}, { user: null });
    expect(container.textContent).toBe('');
  });
});
