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

  private async send<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...(await this.credentials.authHeaders()),
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

    const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      if (options.signal?.aborted) throw e; // the caller gave up: not a network failure
      throw new NetworkError(`${method} ${path} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
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
