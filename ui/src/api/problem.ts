/**
 * RFC 9457 problem+json as the Creditcast services send it. Callers switch on `slug` (the last
 * segment of the stable `type` URI), never on the human-readable text.
 */
export const PROBLEM_TYPE_BASE = 'https://creditcast.io/problems/';

/** Problem types the command service defines today (io.creditcast.command.web.ProblemTypes). */
export type KnownProblemSlug =
  | 'validation'
  | 'malformed-body'
  | 'body-too-large'
  | 'idempotency-key-missing'
  | 'idempotency-key-reused'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'overloaded'
  | 'insufficient-credits'
  | 'insufficient-earnings'
  | 'wallet-flagged'
  | 'unknown-wallet'
  | 'unknown-session'
  | 'unknown-payment'
  | 'unknown-payout'
  | 'unknown-product'
  | 'unknown-stream'
  | 'conflict'
  | 'stream-taken-down'
  | 'stream-ended'
  | 'limit-exceeded'
  | 'not-allowed'
  | 'chat-top-up-required'
  | 'chat-banned';

export interface FieldError {
  field: string;
  message: string;
}

/** An HTTP answer that is not 2xx, parsed into the problem the server described. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[];
  /** Extra members of the problem object (e.g. balance details), untyped. */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: {
    status: number;
    type?: string;
    title?: string;
    detail?: string;
    errors?: FieldError[];
    extensions?: Record<string, unknown>;
  }) {
    super(init.detail ?? init.title ?? `HTTP ${init.status}`);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? `HTTP ${init.status}`;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.extensions = init.extensions ?? {};
  }

  /** `insufficient-credits` for `https://creditcast.io/problems/insufficient-credits`; '' for foreign types. */
  get slug(): string {
    return this.type.startsWith(PROBLEM_TYPE_BASE) ? this.type.slice(PROBLEM_TYPE_BASE.length) : '';
  }

  is(slug: KnownProblemSlug): boolean {
    return this.slug === slug;
  }

  /** The first field at fault (snake_case, as sent), if the server named one. */
  get field(): string | undefined {
    return this.errors[0]?.field;
  }

  /** The message for one field, for showing next to its input. */
  messageFor(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }

  /** Worth retrying the same request later (overload, gateway trouble). */
  get transient(): boolean {
    return this.status === 503 || this.status === 502 || this.status === 504 || this.status === 429;
  }
}

/** The request never got an HTTP answer (offline, DNS, CORS, aborted by a timeout). */
export class NetworkError extends Error {
  readonly transient = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

const MAX_FIELD_ERRORS = 50;

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, MAX_FIELD_ERRORS)
    .filter((e): e is { field: unknown; message: unknown } => typeof e === 'object' && e !== null)
    .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }));
}

/** Turns any non-2xx response into an ApiProblem; tolerates bodies that are not problem+json. */
export async function problemFromResponse(response: Response): Promise<ApiProblem> {
  let body: unknown = undefined;
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
  }
  if (typeof body !== 'object' || body === null) {
    return new ApiProblem({ status: response.status, title: response.statusText || `HTTP ${response.status}` });
  }
  const { type, title, status, detail, errors, instance: _instance, ...extensions } = body as Record<string, unknown>;
  return new ApiProblem({
    status: typeof status === 'number' ? status : response.status,
    type: typeof type === 'string' ? type : undefined,
    title: typeof title === 'string' ? title : undefined,
    detail: typeof detail === 'string' ? detail : undefined,
    errors: asFieldErrors(errors),
    extensions,
  });
}

/** A sentence for an error box; prefers the server's detail. */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 404 && !error.slug) return 'This feature is not available on the server yet.';
    if (error.status === 401) return 'Sign in to see this.';
    return error.detail ?? error.title;
  }
  if (error instanceof NetworkError) return 'The server could not be reached. Check your connection and retry.';
  if (error instanceof Error) return error.message;
  return String(error);
}
