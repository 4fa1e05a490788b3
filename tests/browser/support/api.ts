import { tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { browserStack } from './browser';

/** Direct API calls for what a test needs around the journey it drives through the browser. */
export async function apiCall<T>(username: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const { apiUrl, issuer } = browserStack();
  const token = await tokenFor(issuer, username);
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `browser-${randomUUID()}`,
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export const newCaseId = (prefix: string) => `F-${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
