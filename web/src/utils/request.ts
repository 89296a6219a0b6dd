// The one fetch wrapper every src/api module uses: same-origin cookie, the anti-CSRF header,
// JSON in and out, and the server's error shape parsed into a typed ApiError.

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unprocessable'
  | 'too_many_requests'
  | 'internal'
  | 'network';

/** One missing item of a lifecycle gate (422 `details`). */
export interface GateDetail {
  kind: 'field' | 'evidence' | 'order' | string;
  name: string;
  message: string;
}

const statusCodes: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  422: 'unprocessable',
  429: 'too_many_requests',
  500: 'internal',
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | string;
  readonly field?: string;
  readonly details: GateDetail[];
  /** The server's current object on a 409 version conflict. */
  readonly current?: unknown;

  constructor(init: {
    status: number;
    code: ErrorCode | string;
    message: string;
    field?: string;
    details?: GateDetail[];
    current?: unknown;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.details = init.details ?? [];
    this.current = init.current;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Builds an ApiError from a failed response's status and body text (tolerates non-JSON bodies). */
export function parseError(status: number, bodyText: string): ApiError {
  const fallbackCode = statusCodes[status] ?? (status >= 500 ? 'internal' : 'bad_request');
  let parsed: unknown;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  const root = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const err = (root.error && typeof root.error === 'object' ? root.error : {}) as Record<string, unknown>;
  const details = Array.isArray(err.details)
    ? err.details
        .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object')
        .map((d) => ({
          kind: String(d.kind ?? ''),
          name: String(d.name ?? ''),
          message: String(d.message ?? ''),
        }))
    : [];
  return new ApiError({
    status,
    code: typeof err.code === 'string' && err.code ? err.code : fallbackCode,
    message: typeof err.message === 'string' && err.message ? err.message : `HTTP ${status}`,
    field: typeof err.field === 'string' && err.field ? err.field : undefined,
    details,
    current: root.current,
  });
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** `?a=1&b=x`, leaving out empty values. */
export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

let unauthorizedHandler: (() => void) | null = null;

/** Called on any 401 (except where the caller opts out, as the login call does). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export interface RequestOptions {
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (file upload) sent with `contentType`. */
  raw?: Blob | ArrayBuffer;
  contentType?: string;
  /** Do not redirect to the login page on 401 (login itself, the start-up session probe). */
  noAuthRedirect?: boolean;
}

export async function request<T>(method: string, url: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-Requested-With': 'XMLHttpRequest',
  };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.contentType || 'application/octet-stream';
    body = opts.raw;
  }
  let res: Response;
  try {
    res = await fetch(url + buildQuery(opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) });
  }
  const text = await res.text();
  if (!res.ok) {
    const err = parseError(res.status, text);
    if (res.status === 401 && !opts.noAuthRedirect && unauthorizedHandler) unauthorizedHandler();
    throw err;
  }
  if (res.status === 204 || !text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ status: res.status, code: 'internal', message: 'invalid JSON' });
  }
}

export const http = {
  get: <T>(url: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', url, { ...opts, query }),
  post: <T>(url: string, json?: unknown, opts: RequestOptions = {}) =>
    request<T>('POST', url, { ...opts, json: json === undefined ? {} : json }),
  put: <T>(url: string, json: unknown, opts: RequestOptions = {}) => request<T>('PUT', url, { ...opts, json }),
  delete: <T = void>(url: string, opts: RequestOptions = {}) => request<T>('DELETE', url, opts),
};

/** The list answer every paged or unpaged list call has. */
export interface ListResult<T> {
  items: T[];
  total: number;
}
