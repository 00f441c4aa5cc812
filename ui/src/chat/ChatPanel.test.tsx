import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import type { ChatToken, CreditcastApi } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { ChatPanel } from './ChatPanel';
import { MAX_MESSAGE_CODE_POINTS, type ChatMessageBody, type ServerFrame } from './protocol';
import { MAX_CHAT_ENTRIES, type ChatSocket } from './useChat';

/** A WebSocket stand-in: the test plays the server. */
class FakeSocket implements ChatSocket {
  sent: unknown[] = [];
  closedWith: number | null = null;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closedWith = code ?? 1000;
  }
  receive(...frames: ServerFrame[]) {
    act(() => {
      for (const f of frames) this.onmessage?.({ data: JSON.stringify(f) } as MessageEvent);
    });
  }
  serverClose(code: number) {
    act(() => this.onclose?.({ code } as CloseEvent));
  }
}

const token: ChatToken = {
  token: 'tok',
  stream_id: 's1',
  expires_at: '2026-12-03T17:00:00Z',
  privileged: false,
  ws_path: '/api/v1/streams/s1/chat/ws?token=tok',
  events_path: '/api/v1/streams/s1/chat/events?token=tok',
};

function msg(id: number, text: string, user_id = 'u2'): ChatMessageBody {
  return { id, user_id, text, highlighted: false, paid_minor: 0, sent_at: '2026-12-03T16:00:00Z' };
}

const welcome: ServerFrame = {
  type: 'welcome',
  stream_id: 's1',
  user_id: 'v1',
  can_send: true,
  slow_mode_s: 0,
  max_message_code_points: MAX_MESSAGE_CODE_POINTS,
};

function setup(
  chatToken: () => Promise<ChatToken> = async () => token,
  {
    moderator = false,
    moderateChat = vi.fn(),
  }: { moderator?: boolean; moderateChat?: CreditcastApi['moderateChat'] } = {},
) {
  const sockets: FakeSocket[] = [];
  const factory = (url: string) => {
    const s = new FakeSocket(url);
    sockets.push(s);
    return s;
  };
  const onTopUp = vi.fn();
  const onViewers = vi.fn();
  const onStreamStatus = vi.fn();
  const api = { chatToken: vi.fn(chatToken), moderateChat };
  renderWithServices(
    <ChatPanel
      streamId="s1"
      onTopUp={onTopUp}
      onViewers={onViewers}
      onStreamStatus={onStreamStatus}
      socketFactory={factory}
      moderator={moderator}
    />,
    api,
  );
  /** The socket the panel opened last, once it is there. */
  const socket = async (n = 1) => {
    await waitFor(() => expect(sockets.length).toBe(n));
    return sockets[n - 1]!;
  };
  return { sockets, socket, onTopUp, onViewers, onStreamStatus, api };
}

async function joined(history: ChatMessageBody[] = []) {
  const ctx = setup();
  const ws = await ctx.socket();
  ws.receive(welcome, { type: 'history', messages: history });
  return { ...ctx, ws };
}

const log = () => screen.getByRole('log', { name: 'Chat messages' });
const input = () => screen.getByRole('textbox', { name: 'Chat message' }) as HTMLInputElement;
const sendButton = () => screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;

describe('the chat panel', () => {
  it('connects with the room token and shows the history in a polite log', async () => {
    const { ws, api } = await joined([msg(1, 'first'), msg(2, 'second')]);
    expect(api.chatToken).toHaveBeenCalledWith('s1', expect.anything());
    expect(ws.url).toMatch(/^ws:\/\/[^/]+\/api\/v1\/streams\/s1\/chat\/ws\?token=tok$/);
    expect(log().getAttribute('aria-live')).toBe('polite');
    const items = within(log()).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['u2 first', 'u2 second']);
    expect(screen.getByTestId('chat-connection').textContent).toBe('Connected');
  });

  it('has no axe violations in the structure (contrast is checked by the e2e run in a real browser)', async () => {
    const { ws } = await joined([msg(1, 'first')]);
    ws.receive({ type: 'eligibility', can_send: false, reason: 'balance_zero' });
    ws.receive({ type: 'error', code: 'not_eligible', detail: 'no credits', reason: 'balance_zero' });
    const results = await axe.run(screen.getByRole('region', { name: 'Chat' }), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it('appends a live message and removes a deleted one', async () => {
    const { ws } = await joined([msg(1, 'first'), msg(2, 'rude')]);
    ws.receive({ type: 'message', ...msg(3, 'live one', 'u3') });
    expect(within(log()).getByText('live one')).toBeTruthy();
    ws.receive({ type: 'message_deleted', id: 2 });
    expect(within(log()).queryByText('rude')).toBeNull();
    expect(within(log()).getAllByRole('listitem')).toHaveLength(2);
  });

  it('lets a moderator delete a message or mute its author from the panel, with a reason', async () => {
    const moderateChat = vi
      .fn()
      .mockResolvedValueOnce({ stream_id: 's1', action: 'delete', target: 'message:2', changed: true })
      .mockRejectedValueOnce(
        new ApiProblem({ status: 403, type: `${PROBLEM_TYPE_BASE}forbidden`, detail: 'not a moderator of this room' }),
      );
    const ctx = setup(async () => token, {
      moderator: true,
      moderateChat: moderateChat as CreditcastApi['moderateChat'],
    });
    const ws = await ctx.socket();
    ws.receive(welcome, { type: 'history', messages: [msg(1, 'fine'), msg(2, 'rude', 'u9')] });
    fireEvent.click(within(log()).getByRole('button', { name: 'Moderate message 2 by u9' }));
    const form = screen.getByRole('form', { name: 'Moderate message 2' });
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'insult' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply' }));
    await within(form).findByText('Done.');
    expect(moderateChat).toHaveBeenCalledWith(
      's1',
      { action: 'deletions', message_id: 2, reason: 'insult' },
      expect.anything(),
    );
    ws.receive({ type: 'message_deleted', id: 2 });
    expect(within(log()).queryByText('rude')).toBeNull();

    fireEvent.click(within(log()).getByRole('button', { name: 'Moderate message 1 by u2' }));
    const mute = screen.getByRole('form', { name: 'Moderate message 1' });
    fireEvent.change(within(mute).getByLabelText('Action'), { target: { value: 'mute-600' } });
    fireEvent.change(within(mute).getByLabelText('Reason'), { target: { value: 'spam' } });
    fireEvent.click(within(mute).getByRole('button', { name: 'Apply' }));
    expect((await within(mute).findByRole('alert')).textContent).toContain('not a moderator of this room');
    expect(moderateChat.mock.calls[1]![1]).toEqual({ action: 'mutes', user_id: 'u2', duration_s: 600, reason: 'spam' });
  });

  it('offers no moderation to a viewer', async () => {
    await joined([msg(1, 'fine')]);
    expect(within(log()).queryByRole('button', { name: /Moderate/ })).toBeNull();
  });

  it('renders markup in a message as text, never as HTML', async () => {
    const { ws } = await joined();
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    ws.receive({ type: 'message', ...msg(7, evil) });
    expect(within(log()).getByText(evil)).toBeTruthy();
    expect(log().querySelector('script, img')).toBeNull();
  });

  it('sends with Enter and clears the box once the server acknowledges', async () => {
    const { ws } = await joined();
    const user = userEvent.setup();
    await user.type(input(), 'hello there{Enter}');
    await waitFor(() => expect(ws.sent).toHaveLength(1));
    const frame = ws.sent[0] as { type: string; text: string; client_msg_id: string };
    expect(frame).toMatchObject({ type: 'message', text: 'hello there' });
    expect(frame.client_msg_id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(input().value).toBe('hello there');
    ws.receive({ type: 'ack', client_msg_id: frame.client_msg_id, id: 9, replayed: false });
    await waitFor(() => expect(input().value).toBe(''));
  });

  it('shows a rate-limit error frame inline with a retry hint and keeps the text', async () => {
    const { ws } = await joined();
    const user = userEvent.setup();
    await user.type(input(), 'eleventh{Enter}');
    await waitFor(() => expect(ws.sent).toHaveLength(1));
    ws.receive({
      type: 'error',
      code: 'rate_limited',
      detail: 'too many messages',
      retry_after_ms: 4200,
      limit: 10,
      window_s: 30,
    });
    const alert = await screen.findByTestId('chat-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('You are sending too fast (at most 10 messages per 30 s). Try again in 5 s.');
    expect(input().value).toBe('eleventh');
    expect(sendButton().disabled).toBe(false);
  });

  it('shows slow mode and its error frame', async () => {
    const { ws } = await joined();
    ws.receive({ type: 'slow_mode', interval_s: 30 });
    expect(screen.getByTestId('chat-slow-mode').textContent).toBe('Slow mode: one message every 30 s.');
    ws.receive({ type: 'error', code: 'slow_mode', detail: 'slow', retry_after_ms: 12_000, interval_s: 30 });
    expect(screen.getByTestId('chat-error').textContent).toBe(
      'Slow mode is on (one message every 30 s). Try again in 12 s.',
    );
  });

  it('disables sending when not eligible and offers a top-up', async () => {
    const { ws, onTopUp } = await joined();
    await userEvent.type(input(), 'hi');
    ws.receive({ type: 'eligibility', can_send: false, reason: 'balance_zero' });
    expect(input().disabled).toBe(true);
    expect(sendButton().disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Top up to chat' }));
    expect(onTopUp).toHaveBeenCalledTimes(1);
    ws.receive({ type: 'eligibility', can_send: true, reason: null });
    expect(input().disabled).toBe(false);
    expect(screen.queryByRole('button', { name: 'Top up to chat' })).toBeNull();
  });

  it('turns a refused token (402 chat-top-up-required) into the top-up prompt without connecting', async () => {
    const { sockets, onTopUp } = setup(async () => {
      throw new ApiProblem({
        status: 402,
        type: `${PROBLEM_TYPE_BASE}chat-top-up-required`,
        title: 'Credits needed to chat',
        extensions: { reason: 'balance_zero', top_up_path: '/api/v1/wallet' },
      });
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Top up to chat' }));
    expect(onTopUp).toHaveBeenCalledTimes(1);
    expect(sockets).toHaveLength(0);
    expect(input().disabled).toBe(true);
    expect(screen.getByTestId('chat-connection').textContent).toBe('Credits needed');
  });

  it('disables sending while muted and after a ban', async () => {
    const { ws } = await joined();
    const until = new Date(Date.now() + 60_000).toISOString();
    ws.receive({ type: 'user_muted', user_id: 'v1', until });
    expect(input().disabled).toBe(true);
    expect(screen.getByText(/You are muted until/)).toBeTruthy();
    ws.receive({ type: 'error', code: 'banned', detail: 'banned' });
    ws.serverClose(4403);
    expect(screen.getAllByText('You are banned from this chat.').length).toBeGreaterThan(0);
    expect(screen.getByTestId('chat-connection').textContent).toBe('Banned');
  });

  it(`accepts ${MAX_MESSAGE_CODE_POINTS} characters and refuses ${MAX_MESSAGE_CODE_POINTS + 1}`, async () => {
    await joined();
    const user = userEvent.setup();
    await user.click(input());
    await user.paste('a'.repeat(MAX_MESSAGE_CODE_POINTS - 1) + '😀'); // an emoji is one code point
    expect(screen.getByText(`${MAX_MESSAGE_CODE_POINTS}/${MAX_MESSAGE_CODE_POINTS}`)).toBeTruthy();
    expect(sendButton().disabled).toBe(false);
    await user.type(input(), 'b');
    expect(
      screen.getByText(`${MAX_MESSAGE_CODE_POINTS + 1}/${MAX_MESSAGE_CODE_POINTS} — 1 over the limit`),
    ).toBeTruthy();
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(sendButton().disabled).toBe(true);
  });

  it('highlights tips with their amount and reports viewers and stream status to the page', async () => {
    const { ws, onViewers, onStreamStatus } = await joined();
    ws.receive(
      {
        type: 'tip',
        tip_id: 't1',
        user_id: 'u5',
        amount_minor: 500,
        message: 'great <b>show</b>',
        highlighted: true,
        animation: 'medium',
      },
      { type: 'viewers', count: 42 },
      { type: 'stream_status', status: 'ended' },
    );
    const tip = screen.getByTestId('chat-tip');
    expect(tip.textContent).toBe('u5 tipped 500 credits: great <b>show</b>');
    expect(tip.className).toContain('highlighted');
    expect(onViewers).toHaveBeenLastCalledWith(42);
    expect(onStreamStatus).toHaveBeenLastCalledWith('ended');
  });

  it(`keeps only the last ${MAX_CHAT_ENTRIES} entries`, async () => {
    const { ws } = await joined();
    const frames: ServerFrame[] = [];
    for (let i = 1; i <= MAX_CHAT_ENTRIES + 1; i++) frames.push({ type: 'message', ...msg(i, `m${i}`) });
    ws.receive(...frames);
    const items = within(log()).getAllByRole('listitem');
    expect(items).toHaveLength(MAX_CHAT_ENTRIES);
    expect(items[0]!.textContent).toBe('u2 m2');
  });

  it('reads the room over the SSE fallback, read-only, when there is no WebSocket', async () => {
    const chatEvents = vi.fn(async (_path: string, onFrame: (json: string) => void, signal: AbortSignal) => {
      onFrame(JSON.stringify({ ...welcome, can_send: false }));
      onFrame(JSON.stringify({ type: 'history', messages: [msg(1, 'over sse')] }));
      onFrame(JSON.stringify({ type: 'eligibility', can_send: true, reason: null }));
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    });
    renderWithServices(
      <ChatPanel
        streamId="s1"
        onTopUp={() => undefined}
        socketFactory={() => {
          throw new Error('WebSocket is not defined');
        }}
      />,
      { chatToken: vi.fn(async () => token), chatEvents },
    );
    expect(await within(log()).findByText('over sse')).toBeTruthy();
    expect(chatEvents).toHaveBeenCalledWith(token.events_path, expect.any(Function), expect.anything());
    expect(screen.getByTestId('chat-connection').textContent).toBe('Connected (read-only: no WebSocket)');
    expect(input().disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Top up to chat' })).toBeNull();
  });

  it('reconnects with a new token after an unexpected close', async () => {
    const { ws, socket, api } = await joined([msg(1, 'before')]);
    ws.serverClose(1006);
    expect(screen.getByTestId('chat-connection').textContent).toBe('Reconnecting in 1 s…');
    const again = await socket(2);
    expect(api.chatToken).toHaveBeenCalledTimes(2);
    again.receive(welcome, { type: 'history', messages: [msg(1, 'before'), msg(4, 'while away')] });
    expect(screen.getByTestId('chat-connection').textContent).toBe('Connected');
    expect(within(log()).getByText('while away')).toBeTruthy();
  });
});
