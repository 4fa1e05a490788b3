import { sharedTestSigningKey, signWithTestKey, tokenFor } from '@hilfenetz/testing';
import { decodeJwt, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { e2eStack } from '../support/e2e-stack';

/** What a refusal must look like: RFC 9457 problem details, nothing else. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  [extension: string]: unknown;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'idempotency-key': `key-${randomUUID()}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Asserts the answer is a problem of `status` and returns it. */
export async function expectProblem(res: Response, status: number): Promise<Problem> {
  const text = await res.text();
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/) as unknown as string,
  });
  const problem = JSON.parse(text) as Problem;
  expect(problem).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  return problem;
}

/** A token as a test asks for it: a demo user's real access token, changed. */
export interface MintRequest {
  username: string;
  /** The protected header's `typ`; null leaves it out. Default: Keycloak's `JWT`. */
  typ?: string | null;
  /** Seconds until `exp`, negative for a token that has expired already (default 300). */
  expiresIn?: number;
  /** Claims to add or replace (e.g. `{ typ: 'ID' }`, `{ org: 'org-unknown' }`). */
  claims?: Record<string, unknown>;
  /** Claims to leave out (e.g. `['exp']`). */
  omit?: string[];
}

/**
 * A token signed by a key the API trusts but shaped as the test asks: what a misbehaving or
 * misconfigured IdP could hand out, so that only the API's own checks stand in the way. It starts
 * from the claims Keycloak really issues to the user (typ Bearer, azp, aud, realm_access.roles,
 * org, sub = the user's id in the realm) and is signed with the run's test key, which the stack's
 * Keycloak publishes beside its own for this run only (docs/adr/0021).
 */
export async function mintToken(ask: MintRequest): Promise<string> {
  const real = decodeJwt(await tokenFor(e2eStack().issuer, ask.username));
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    ...real,
    iat: now,
    exp: now + (ask.expiresIn ?? 300),
    jti: randomUUID(),
    ...ask.claims,
  };
  for (const name of ask.omit ?? []) delete claims[name];
  return signWithTestKey(sharedTestSigningKey(), claims, ask.typ === undefined ? 'JWT' : ask.typ);
}

export interface OpenStream {
  /** The HTTP status the stream was answered with (0 until then). */
  status: () => number;
  events: { event: string; data: unknown }[];
  /** Settles when the server ends the stream (or it was refused). */
  ended: Promise<void>;
  close(): Promise<void>;
}

/** Reads Server-Sent Events from the live inbox with a bearer token, as the web app does. */
export function openStream(baseUrl: string, token: string): OpenStream {
  const controller = new AbortController();
  const events: { event: string; data: unknown }[] = [];
  let status = 0;
  const ended = (async () => {
    const res = await fetch(`${baseUrl}/tasks/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    status = res.status;
    if (!res.ok || !res.body) {
      events.push({ event: 'refused', data: await res.json() });
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data || event !== 'message') events.push({ event, data: data ? JSON.parse(data) : null });
      }
    }
  })().catch((err: unknown) => {
    if ((err as { name?: string }).name !== 'AbortError') throw err;
  });
  return { status: () => status, events, ended, close: async () => (controller.abort(), await ended) };
}
