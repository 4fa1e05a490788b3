/*
 * The development SMS/voice gateway in one file: the HTTP API a provider offers (send, receipts
 * with signed callbacks and retries, the listing and the page a person reads). A dev tool, kept
 * whole so it can be read as the contract a real provider's adapter must meet.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayReceiptRequest, type GatewayReceiptRequest } from '@hilfenetz/contracts';
import { GATEWAY_SIGNATURE_HEADER, signGatewayBody } from '@hilfenetz/notifications';
import { z } from 'zod';
import { messagesPage } from './messages-page.de';
import { simulatedOutcome, toE164 } from './simulated-phones';

export interface SmsGatewayOptions {
  port: number;
  host?: string;
  /** Shared with hilfenetz: every receipt is signed with it. */
  secret: string;
  /** How long the simulated phone takes to answer (ms). */
  deliveryDelayMs: number;
  /** Posting a receipt that the callback refused: first wait, cap, and how often in all. */
  receiptRetry?: { firstDelayMs: number; maxDelayMs: number; maxAttempts: number };
  /** Messages kept in memory; the oldest go first. */
  maxMessages?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export type ReceiptStatus = 'pending' | 'delivered' | 'failed' | 'switched_off';

export interface GatewayMessage {
  messageId: string;
  idempotencyKey: string;
  to: string;
  mode: 'sms' | 'voice';
  text: string;
  reference: string;
  callbackUrl: string | null;
  acceptedAt: string;
  /** What the simulated phone did; `switched_off` never produces a receipt. */
  receipt: { status: ReceiptStatus; at: string | null };
  /** Posting the receipt back to hilfenetz. */
  callback: {
    state: 'none' | 'pending' | 'posted' | 'refused' | 'gave_up';
    attempts: number;
    postedAt: string | null;
    lastError: string | null;
  };
}

export interface RunningSmsGateway {
  url: string;
  messages(): GatewayMessage[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The request of `POST /messages`, as the HTTP channel of libs/notifications sends it. */
const messageRequest = z
  .object({
    to: z.string().min(1).max(40),
    mode: z.enum(['sms', 'voice']),
    text: z.string().min(1).max(1600),
    // The receipt echoes it, so it must pass the receipt endpoint's own check.
    reference: gatewayReceiptRequest.shape.reference,
    callbackUrl: z
      .string()
      .url()
      .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
      .optional(),
  })
  .strict();

class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body['message'] ?? body['error']));
  }
}

/**
 * A stand-in for a commercial SMS/voice provider, for `npm start` and the tests: accepts a message
 * (202 with its id, idempotent per `Idempotency-Key`), lets the simulated phone answer after a
 * short delay, and posts a signed delivery receipt to the caller's `callbackUrl`, retrying with
 * backoff while the callback fails. Everything is in memory: a development tool, not a record.
 */
export async function startSmsGateway(opts: SmsGatewayOptions): Promise<RunningSmsGateway> {
  const host = opts.host ?? '127.0.0.1';
  const retry = opts.receiptRetry ?? { firstDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 12 };
  const maxMessages = opts.maxMessages ?? 5_000;
  const log = opts.log ?? (() => undefined);
  const byId = new Map<string, GatewayMessage>();
  const byKey = new Map<string, string>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closing) fn();
    }, ms);
    timers.add(t);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BadRequest) return sendJson(res, err.status, err.body);
      log('request failed', { error: String(err) });
      sendJson(res, 500, { error: 'server_error', message: 'internal error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (req.method === 'POST' && url.pathname === '/messages') return accept(req, res);
    if (req.method === 'GET' && url.pathname === '/api/messages') {
      const to = url.searchParams.get('to');
      const reference = url.searchParams.get('reference');
      const wantedTo = to ? (toE164(to) ?? to) : null;
      return sendJson(
        res,
        200,
        list().filter((m) => (!wantedTo || m.to === wantedTo) && (!reference || m.reference === reference)),
      );
    }
    if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(messagesPage(list()));
      return;
    }
    sendJson(res, 404, { error: 'not_found', message: `no route ${req.method} ${url.pathname}` });
  }

  async function accept(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new BadRequest(400, {
        error: 'invalid_request',
        field: 'Idempotency-Key',
        message: 'header Idempotency-Key is required (1 to 200 visible ASCII characters)',
      });
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(await readBody(req));
    } catch (err) {
      if (err instanceof BadRequest) throw err;
      throw new BadRequest(400, { error: 'invalid_request', message: 'body must be JSON' });
    }
    const parsed = messageRequest.safeParse(parsedJson);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BadRequest(400, {
        error: 'invalid_request',
        field: issue.path.join('.') || null,
        message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
      });
    }
    const to = toE164(parsed.data.to);
    if (!to) {
      throw new BadRequest(400, {
        error: 'invalid_request',
        field: 'to',
        message: 'to: must be a phone number in E.164 format, e.g. +4915112345678',
      });
    }
    const request = { ...parsed.data, to, callbackUrl: parsed.data.callbackUrl ?? null };

    const earlier = byKey.get(key);
    const known = earlier ? byId.get(earlier) : undefined;
    if (known) {
      // A retry after a lost answer: the same message, not a second one. Another message under the
      // same key is the caller's bug, and sending either would hide it.
      const same =
        known.to === request.to &&
        known.mode === request.mode &&
        known.text === request.text &&
        known.reference === request.reference &&
        known.callbackUrl === request.callbackUrl;
      if (!same) {
        throw new BadRequest(409, {
          error: 'idempotency_key_reused',
          field: 'Idempotency-Key',
          message: 'this Idempotency-Key was used for a different message',
        });
      }
      res.setHeader('idempotent-replayed', 'true');
      return sendJson(res, 202, { messageId: known.messageId });
    }

    const message: GatewayMessage = {
      messageId: `msg-${randomUUID()}`,
      idempotencyKey: key,
      ...request,
      acceptedAt: new Date().toISOString(),
      receipt: { status: 'pending', at: null },
      callback: { state: request.callbackUrl ? 'pending' : 'none', attempts: 0, postedAt: null, lastError: null },
    };
    store(message);
    log('message accepted', { messageId: message.messageId, reference: message.reference, mode: message.mode });
    later(opts.deliveryDelayMs, () => arrive(message));
    sendJson(res, 202, { messageId: message.messageId });
  }

  function store(m: GatewayMessage): void {
    byId.set(m.messageId, m);
    byKey.set(m.idempotencyKey, m.messageId);
    while (byId.size > maxMessages) {
      const oldest = byId.values().next().value as GatewayMessage;
      byId.delete(oldest.messageId);
      byKey.delete(oldest.idempotencyKey);
    }
  }

  function arrive(m: GatewayMessage): void {
    const outcome = simulatedOutcome(m.to);
    if (outcome === 'switched_off') {
      // A phone that is off answers nothing: no receipt, no time of one. The caller learns it only
      // from its own delivery window passing.
      m.receipt = { status: outcome, at: null };
      if (m.callback.state === 'pending') m.callback.state = 'none';
      return;
    }
    m.receipt = { status: outcome, at: new Date().toISOString() };
    if (!m.callbackUrl) return;
    const receipt: GatewayReceiptRequest = {
      reference: m.reference,
      messageId: m.messageId,
      status: outcome,
      at: m.receipt.at!,
    };
    void postReceipt(m, JSON.stringify(receipt));
  }

  async function postReceipt(m: GatewayMessage, body: string): Promise<void> {
    m.callback.attempts += 1;
    try {
      const res = await fetch(m.callbackUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_SIGNATURE_HEADER]: signGatewayBody(opts.secret, body) },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      // A refusal (4xx other than 408/429) will be refused again: a receiver that does not know the
      // reference or the signature is told once, not for minutes — as real SMS providers do.
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        m.callback = { ...m.callback, state: 'refused', lastError: `callback refused it: HTTP ${res.status}` };
        log('receipt refused', { messageId: m.messageId, status: res.status });
        return;
      }
      if (!res.ok) throw new Error(`callback answered HTTP ${res.status}`);
      m.callback = { ...m.callback, state: 'posted', postedAt: new Date().toISOString(), lastError: null };
      log('receipt posted', { messageId: m.messageId, status: m.receipt.status, attempts: m.callback.attempts });
    } catch (err) {
      m.callback.lastError =
        err instanceof Error ? (err.cause ? `${err.message}: ${String(err.cause)}` : err.message) : String(err);
      if (m.callback.attempts >= retry.maxAttempts) {
        m.callback.state = 'gave_up';
        log('receipt given up', { messageId: m.messageId, attempts: m.callback.attempts, error: m.callback.lastError });
        return;
      }
      const wait = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (m.callback.attempts - 1));
      later(wait, () => void postReceipt(m, body));
    }
  }

  /** Newest first, as a person scanning the page wants it; copies, so callers cannot change the store. */
  function list(): GatewayMessage[] {
    return [...byId.values()].reverse().map((m) => structuredClone(m));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    messages: list,
    close: async () => {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Past the limit the rest is read and dropped, so the 413 still reaches the caller.
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest(413, { error: 'payload_too_large', message: 'body larger than 64 KiB' }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
