import { randomBytes } from 'node:crypto';
import { freePort, startApp, stopApp, waitForHttpOk, type AppProcess } from './app-processes';
import { eventually } from './test-env';

/** A message as the local gateway (apps/sms-gateway) lists it at `GET /api/messages`. */
export interface GatewayMessageView {
  messageId: string;
  idempotencyKey: string;
  to: string;
  mode: 'sms' | 'voice';
  text: string;
  reference: string;
  callbackUrl: string | null;
  acceptedAt: string;
  receipt: { status: 'pending' | 'delivered' | 'failed' | 'switched_off'; at: string | null };
  callback: {
    state: 'none' | 'pending' | 'posted' | 'refused' | 'gave_up';
    attempts: number;
    postedAt: string | null;
    lastError: string | null;
  };
}

/** Reads the local SMS/voice gateway's messages (`baseUrl` without `/messages`). */
export class SmsGatewayClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/(messages)?$/, '');
  }

  /** Newest first; `to` may be written with separators, the gateway compares E.164. */
  async messages(filter: { to?: string; reference?: string } = {}): Promise<GatewayMessageView[]> {
    const q = new URLSearchParams();
    if (filter.to) q.set('to', filter.to);
    if (filter.reference) q.set('reference', filter.reference);
    const res = await fetch(`${this.baseUrl}/api/messages?${q.toString()}`);
    if (!res.ok) throw new Error(`SMS gateway GET /api/messages: HTTP ${res.status}`);
    return (await res.json()) as GatewayMessageView[];
  }

  /** Waits for the first message matching `filter` for which `until` holds (default: any). */
  async waitForMessage(
    filter: { to?: string; reference?: string },
    until: (m: GatewayMessageView) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<GatewayMessageView> {
    return eventually(async () => (await this.messages(filter)).find(until), {
      timeoutMs,
      what: `an SMS gateway message matching ${JSON.stringify(filter)}`,
    });
  }
}

export interface RunningSmsGateway {
  app: AppProcess;
  /** Base URL: the page at `/`, the list at `/api/messages`. */
  url: string;
  /** What a channel posts to (`SMS_GATEWAY_URL`). */
  messagesUrl: string;
  /** The secret it signs receipts with. */
  secret: string;
  client: SmsGatewayClient;
  stop(): Promise<void>;
}

/**
 * The real gateway app as its own process on a free port, exactly as `npm start` runs it, with a
 * fresh receipt secret unless one is given. Logs to var/log/test-sms-gateway.log.
 */
export async function startSmsGatewayProcess(
  root: string,
  opts: { secret?: string; deliveryDelayMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningSmsGateway> {
  const port = await freePort();
  const secret = opts.secret ?? randomBytes(24).toString('base64url');
  const app = startApp(root, 'sms-gateway', {
    ...process.env,
    ...opts.env,
    SMS_GATEWAY_PORT: String(port),
    SMS_GATEWAY_SECRET: secret,
    SMS_GATEWAY_DELIVERY_DELAY_MS: String(opts.deliveryDelayMs ?? 100),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttpOk(`${url}/health`, app, 60_000);
  } catch (err) {
    await stopApp(app);
    throw err;
  }
  return {
    app,
    url,
    messagesUrl: `${url}/messages`,
    secret,
    client: new SmsGatewayClient(url),
    stop: () => stopApp(app),
  };
}
