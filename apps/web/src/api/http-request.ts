import { sessionStore } from '../auth/session-store';
import { afterUnauthorized, freshAccessToken } from '../auth/token-refresh';
import { appConfig } from '../config';
import { ApiError } from './api-error';
import { asProblemDetails } from './problem-details';

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One JSON call to the API with the user's bearer token (refreshed first if it is about to expire);
 * every failure becomes an ApiError. A 401 gets one refresh and one retry (the API did nothing with
 * the refused call); if that fails too the session has ended and the app shell says so.
 */
export async function requestJson<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
  const withToken = (token: string) =>
    send<T>(method, path, { ...opts, headers: { authorization: `Bearer ${token}`, ...opts.headers } });
  return withSessionToken(withToken);
}

async function withSessionToken<T>(call: (token: string) => Promise<T>): Promise<T> {
  const token = await freshAccessToken();
  if (!token) throw new ApiError('unauthorized', null);
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof ApiError) || err.kind !== 'unauthorized') throw err;
    const retryWith = await afterUnauthorized(token);
    if (!retryWith) throw err;
    try {
      return await call(retryWith);
    } catch (again) {
      // Even a just-refreshed token is refused: this login does not open the API any more.
      if (again instanceof ApiError && again.kind === 'unauthorized') sessionStore.end();
      throw again;
    }
  }
}

/** A call to one of the API's few public endpoints (no login, e.g. the guardian's code page). */
export function requestPublicJson<T>(method: 'POST', path: string, opts: RequestOptions = {}): Promise<T> {
  return send<T>(method, path, opts);
}

async function send<T>(method: HttpMethod, path: string, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'x-correlation-id': crypto.randomUUID(),
    ...opts.headers,
  };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(`${appConfig.apiBasePath}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('network', null);
  }
  const payload: unknown = await res.json().catch(() => null);
  if (!res.ok) throw ApiError.fromStatus(res.status, asProblemDetails(payload));
  return payload as T;
}

export const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';

/** A file download (CSV) with the user's bearer token; failures become ApiError like JSON calls. */
export function requestBlob(path: string, extraHeaders: Record<string, string> = {}): Promise<Blob> {
  return withSessionToken((token) => blobWithToken(path, token, extraHeaders));
}

async function blobWithToken(path: string, token: string, extraHeaders: Record<string, string>): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(`${appConfig.apiBasePath}${path}`, {
      headers: { authorization: `Bearer ${token}`, 'x-correlation-id': crypto.randomUUID(), ...extraHeaders },
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('network', null);
  }
  if (!res.ok) throw ApiError.fromStatus(res.status, asProblemDetails(await res.json().catch(() => null)));
  return res.blob();
}

/**
 * The X-Break-Glass-Reason header for a stated reason (none without one). Header values are Latin-1
 * only: typographic quotes and dashes become plain ones, anything else outside Latin-1 a "?", so a
 * reason typed with „…“ is sent instead of failing in fetch.
 */
export function breakGlassHeader(reason: string | null | undefined): Record<string, string> {
  if (!reason) return {};
  const plain = reason
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u2018\u2019\u201a]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?')
    .trim();
  return { 'x-break-glass-reason': plain };
}
