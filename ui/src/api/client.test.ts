import { describe, expect, it, vi } from 'vitest';
import { ApiClient, type FetchLike } from './client';
import { creditcastApi } from './creditcast';
import { SseParser } from './client';
import { ApiProblem, NetworkError, PROBLEM_TYPE_BASE, describeError } from './problem';

function jsonResponse(status: number, body: unknown, contentType = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

function clientAnswering(
  response: Response | Error,
  headers: Record<string, string> = { Authorization: 'Bearer t0ken' },
) {
  const fetchImpl = vi.fn<FetchLike>(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  const client = new ApiClient('http://api', { authHeaders: async () => headers }, fetchImpl);
  const query = new ApiClient('http://api/query', { authHeaders: async () => headers }, fetchImpl);
  return { client, fetchImpl, api: creditcastApi(client, query) };
}

describe('the API client', () => {
  it('sends the credentials of the auth module and JSON', async () => {
    const { api, fetchImpl } = clientAnswering(
      jsonResponse(200, { wallet_id: 'v1', balance_minor: 5, flagged: false }),
    );
    await expect(api.wallet()).resolves.toEqual({ wallet_id: 'v1', balance_minor: 5, flagged: false });
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('http://api/api/v1/wallet');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer t0ken');
  });

  it('sends the dev headers in development mode', async () => {
    const { api, fetchImpl } = clientAnswering(jsonResponse(200, {}), {
      'X-Creditcast-User': 'v1',
      'X-Creditcast-Roles': 'viewer',
    });
    await api.wallet();
    expect(fetchImpl.mock.calls[0]![1].headers).toMatchObject({
      'X-Creditcast-User': 'v1',
      'X-Creditcast-Roles': 'viewer',
    });
  });

  it('puts the Idempotency-Key on money-moving POSTs', async () => {
    const { api, fetchImpl } = clientAnswering(jsonResponse(201, { transaction_id: 't' }));
    await api.tip({ creator_id: 'c1', amount_minor: 10 }, 'key-123');
    const init = fetchImpl.mock.calls[0]![1];
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Idempotency-Key']).toBe('key-123');
    expect(JSON.parse(init.body as string)).toEqual({ creator_id: 'c1', amount_minor: 10 });
  });

  it('parses problem+json into a typed error with the field at fault', async () => {
    const { api } = clientAnswering(
      jsonResponse(
        400,
        {
          type: `${PROBLEM_TYPE_BASE}validation`,
          title: 'The request is not valid',
          status: 400,
          detail: 'amount_minor: must be greater than 0',
          errors: [{ field: 'amount_minor', message: 'must be greater than 0' }],
        },
        'application/problem+json',
      ),
    );
    const error = await api.tip({ creator_id: 'c1', amount_minor: 0 }, 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    const problem = error as ApiProblem;
    expect(problem.is('validation')).toBe(true);
    expect(problem.status).toBe(400);
    expect(problem.field).toBe('amount_minor');
    expect(problem.messageFor('amount_minor')).toBe('must be greater than 0');
    expect(problem.transient).toBe(false);
  });

  it('keeps problem extensions and recognises 402 insufficient credits', async () => {
    const { api } = clientAnswering(
      jsonResponse(
        402,
        { type: `${PROBLEM_TYPE_BASE}insufficient-credits`, status: 402, balance_minor: 0 },
        'application/problem+json',
      ),
    );
    const problem = (await api
      .meter({ session_id: 's', interval_index: 0, playback_ms: 0 })
      .catch((e: unknown) => e)) as ApiProblem;
    expect(problem.is('insufficient-credits')).toBe(true);
    expect(problem.extensions.balance_minor).toBe(0);
  });

  it('turns a non-JSON error body into a problem with the HTTP status', async () => {
    const { api } = clientAnswering(
      new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    const problem = (await api.wallet().catch((e: unknown) => e)) as ApiProblem;
    expect(problem.status).toBe(502);
    expect(problem.slug).toBe('');
    expect(problem.transient).toBe(true);
  });

  it('reports a failed connection as a NetworkError', async () => {
    const { api } = clientAnswering(new TypeError('Failed to fetch'));
    const error = await api.wallet().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(describeError(error)).toMatch(/could not be reached/);
  });

  it('describes a plain 404 as an API that does not exist yet', async () => {
    const { api } = clientAnswering(new Response('', { status: 404 }));
    expect(describeError(await api.ledger(null).catch((e: unknown) => e))).toMatch(/not available on the server yet/);
  });
});

describe('error descriptions', () => {
  it('asks to sign in on 401', () => {
    expect(describeError(new ApiProblem({ status: 401, type: `${PROBLEM_TYPE_BASE}unauthenticated` }))).toBe(
      'Sign in to see this.',
    );
  });
});

describe('routing between the two services', () => {
  it('sends writes and payments to the command service and read models to the query service', async () => {
    const fetchImpl = vi.fn<FetchLike>(async () => jsonResponse(200, {}));
    const credentials = { authHeaders: async () => ({}) };
    const api = creditcastApi(
      new ApiClient('http://api', credentials, fetchImpl),
      new ApiClient('http://api/query', credentials, fetchImpl),
    );
    await api.prices();
    await api.balance();
    await api.ledger('c1');
    await api.earningsByDay('2026-11-01', '2026-11-30');
    await api.streams({ status: 'live', category: 'music' });
    await api.streams({ status: 'live', q: 'jazz' });
    await api.suggest('ja');
    await api.journal({ account: 'wallet:v1', type: 'tip' }, null);
    expect(fetchImpl.mock.calls.map((c) => c[0])).toEqual([
      'http://api/api/v1/prices',
      'http://api/query/api/v1/wallet/balance',
      'http://api/query/api/v1/wallet/ledger?limit=50&cursor=c1',
      'http://api/query/api/v1/creators/me/earnings?from=2026-11-01&to=2026-11-30',
      'http://api/query/api/v1/streams?status=live&category=music',
      'http://api/query/api/v1/search?q=jazz&kind=stream&status=live',
      'http://api/query/api/v1/search/suggest?prefix=ja&size=8',
      'http://api/query/api/v1/audit/journal?account=wallet%3Av1&type=tip&limit=50',
    ]);
  });
});

describe('the server-sent events parser', () => {
  it('joins chunks into events and skips keep-alive comments', () => {
    const events: { event: string; data: string }[] = [];
    const parser = new SseParser((e) => events.push(e));
    parser.push('event:balance\ndata:{"balance_minor"');
    parser.push(':1}\n\n:keep-alive\n\n');
    parser.push('data: a\r\ndata: b\r\n\r\n');
    expect(events).toEqual([
      { event: 'balance', data: '{"balance_minor":1}' },
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('refuses a line longer than its limit', () => {
    const parser = new SseParser(() => undefined);
    expect(() => parser.push('x'.repeat(64 * 1024 + 1))).toThrow(/longer than/);
  });
});
