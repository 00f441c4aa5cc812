import { ApiProblem, NetworkError, problemFromResponse } from './problem';

/** Supplies the credentials of the signed-in user (bearer token or the dev headers). */
export interface CredentialSource {
  authHeaders(): Promise<Record<string, string>>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Required by the server on money-moving POSTs; see idempotency.ts. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

/** Every call has a deadline. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Exports stream the whole filtered journal: a longer deadline. */
export const DOWNLOAD_TIMEOUT_MS = 120_000;
/** Longest SSE line kept while waiting for its end (a larger one is a broken stream). */
export const MAX_SSE_BUFFER_CHARS = 64 * 1024;

/** Incremental text/event-stream parser (event and data fields; comments such as keep-alives ignored). */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  constructor(private readonly onEvent: (event: { event: string; data: string }) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.length > MAX_SSE_BUFFER_CHARS && !/[\r\n]/.test(this.buffer)) {
      throw new Error(`server-sent event line longer than ${MAX_SSE_BUFFER_CHARS} characters`);
    }
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) return;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Thin typed fetch wrapper: JSON in and out, problem+json errors become ApiProblem. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: CredentialSource,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
  ) {}

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('POST', path, body, options);
  }

  put<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('PUT', path, body, options);
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('DELETE', path, undefined, options);
  }

  /**
   * A file download (CSV/JSON export). The API needs the caller's credentials, which a plain link
   * cannot carry with bearer tokens, so the file is fetched and handed to the page as a Blob.
   */
  async download(path: string, options: RequestOptions = {}): Promise<Blob> {
    const response = await this.fetchRaw('GET', path, undefined, { timeoutMs: DOWNLOAD_TIMEOUT_MS, ...options });
    if (!response.ok) throw await problemFromResponse(response);
    return response.blob();
  }

  /**
   * Server-sent events read over fetch (EventSource cannot send an Authorization header). Calls
   * `onEvent` per event until the signal aborts or the server ends the stream; resolves then. No
   * deadline on the stream itself: the caller's signal ends it.
   */
  async events(
    path: string,
    onEvent: (event: { event: string; data: string }) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const response = await this.fetchRaw('GET', path, undefined, { signal, timeoutMs: 0 }, 'text/event-stream');
    if (!response.ok) throw await problemFromResponse(response);
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser(onEvent);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } finally {
      reader.releaseLock();
    }
  }

  private async fetchRaw(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    accept = 'application/json, application/problem+json',
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, ...(await this.credentials.authHeaders()) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signals = [options.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    try {
      return await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      if (options.signal?.aborted) throw e; // the caller gave up: not a network failure
      throw new NetworkError(`${method} ${path} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  private async send<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const response = await this.fetchRaw(method, path, body, options);
    if (!response.ok) throw await problemFromResponse(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (e) {
      throw new ApiProblem({
        status: response.status,
        title: 'The server sent an unreadable answer',
        detail: String(e),
      });
    }
  }
}
