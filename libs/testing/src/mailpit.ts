import { eventually } from './test-env';

export interface MailpitAddress {
  Name: string;
  Address: string;
}

/** One message as Mailpit lists it (`/api/v1/messages`, `/api/v1/search`). */
export interface MailpitSummary {
  ID: string;
  MessageID: string;
  From: MailpitAddress;
  To: MailpitAddress[];
  Subject: string;
  Created: string;
  Snippet: string;
}

/** One message in full (`/api/v1/message/{ID}`). */
export interface MailpitMessage extends MailpitSummary {
  Date: string;
  Text: string;
  HTML: string;
}

/**
 * Reads what the apps mailed, through Mailpit's REST API (the same Mailpit a person watches at
 * `npm start`). Mailpit is shared by every suite of a run: find your messages by a recipient or
 * subject of your own, never by position.
 */
export class MailpitClient {
  readonly baseUrl: string;

  constructor(baseUrl: string | undefined = process.env.MAILPIT_URL) {
    if (!baseUrl) {
      throw new Error(
        'MAILPIT_URL is not set: run the tests through `npm test` (it starts Mailpit), or set MAILPIT_URL next to your SMTP_URL',
      );
    }
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  /** The newest messages first. */
  async list(limit = 50): Promise<MailpitSummary[]> {
    return (await this.get<{ messages: MailpitSummary[] }>(`/api/v1/messages?limit=${limit}`)).messages;
  }

  /** Mailpit's search syntax, e.g. `to:"aufnahme@kjp.example" subject:"Fall F-1"`. Newest first. */
  async search(query: string, limit = 50): Promise<MailpitSummary[]> {
    const q = new URLSearchParams({ query, limit: String(limit) });
    return (await this.get<{ messages: MailpitSummary[] }>(`/api/v1/search?${q.toString()}`)).messages;
  }

  /** Every message to this address (newest first). */
  to(address: string): Promise<MailpitSummary[]> {
    return this.search(`to:"${address}"`);
  }

  /** One message with its plain text. */
  read(id: string): Promise<MailpitMessage> {
    return this.get<MailpitMessage>(`/api/v1/message/${encodeURIComponent(id)}`);
  }

  /** The headers of one message, each with all its values. */
  headers(id: string): Promise<Record<string, string[]>> {
    return this.get<Record<string, string[]>>(`/api/v1/message/${encodeURIComponent(id)}/headers`);
  }

  /** Waits until `count` messages to `address` arrived; returns them read in full, oldest first. */
  async waitForMessagesTo(address: string, count = 1, timeoutMs = 20_000): Promise<MailpitMessage[]> {
    const found = await eventually(
      async () => {
        const list = await this.to(address);
        return list.length >= count ? list : undefined;
      },
      { timeoutMs, what: `${count} e-mail(s) to ${address} in Mailpit` },
    );
    return Promise.all([...found].reverse().map((m) => this.read(m.ID)));
  }

  /** Deletes the given messages, or all of them: only on a Mailpit no other suite reads at the time. */
  async delete(ids?: string[]): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/v1/messages`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: ids ? JSON.stringify({ IDs: ids }) : undefined,
    });
    if (!res.ok) throw new Error(`Mailpit DELETE /api/v1/messages: HTTP ${res.status}`);
  }

  private async get<T>(pathAndQuery: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${pathAndQuery}`);
    if (!res.ok) throw new Error(`Mailpit GET ${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}
