import { gatewayReceiptRequest } from '@hilfenetz/contracts';
import {
  HttpGatewaySmsChannel,
  notificationText,
  SmtpEmailChannel,
  verifyGatewaySignature,
  type OutboundNotification,
} from '@hilfenetz/notifications';
import {
  eventually,
  freePort,
  MailpitClient,
  startSmsGatewayProcess,
  type RunningSmsGateway,
} from '@hilfenetz/testing';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

/**
 * The e-mail and SMS/voice channels against the servers `npm start` runs: the real Mailpit (read
 * through its REST API) and the real gateway app as its own process, posting signed receipts to a
 * callback server here. Every message carries ids of this run, since Mailpit is shared.
 */
describe('notification channels (real Mailpit, real SMS gateway process)', () => {
  const root = path.resolve(__dirname, '..', '..');
  const appUrl = 'http://app.example';
  const run = randomBytes(4).toString('hex');
  const mailpit = new MailpitClient();
  let gateway: RunningSmsGateway;
  let callback: Server;
  let callbackUrl: string;
  /** Every receipt as it arrived: the raw bytes and the signature header. */
  const receipts: { raw: string; signature: string | undefined }[] = [];
  /** References whose first receipt the callback refuses (503), to see the gateway retry. */
  const refuseOnce = new Set<string>();

  const notification = (over: Partial<OutboundNotification> = {}): OutboundNotification => ({
    notificationId: `n-${run}-${randomUUID()}`,
    caseId: `F-2026-${run}`,
    crisisId: `crisis-${run}`,
    taskId: 'task-clinic',
    reason: 'task_assigned',
    deadline: '2026-11-25T10:15:00.000Z',
    contactLabel: 'KJP St. Marien – Aufnahme',
    ...over,
  });
  /** A mobile number of this run; `ending` picks the simulated phone's behaviour. */
  const phone = (ending = '17') =>
    `+49151${String(randomBytes(3).readUIntBE(0, 3) % 10_000).padStart(4, '0')}${ending}`;
  /** Mail bodies travel with CRLF line ends (RFC 5322); compare them as written. */
  const plain = (text: string) => text.replace(/\r\n/g, '\n').trim();
  const receiptsFor = (reference: string) =>
    receipts.filter((r) => (JSON.parse(r.raw) as { reference: string }).reference === reference);

  beforeAll(async () => {
    gateway = await startSmsGatewayProcess(root, { deliveryDelayMs: 100 });
    const port = await freePort();
    callback = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { reference } = JSON.parse(raw) as { reference: string };
        if (refuseOnce.delete(reference)) {
          res.writeHead(503).end();
          return;
        }
        receipts.push({ raw, signature: req.headers['x-hilfenetz-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => callback.listen(port, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${port}/notifications/gateway-receipts`;
  });

  afterAll(async () => {
    await gateway?.stop();
    await new Promise<void>((r) => (callback ? callback.close(() => r()) : r()));
  });

  describe('e-mail through SMTP into Mailpit', () => {
    const smtpUrl = () => {
      const url = process.env.SMTP_URL;
      if (!url) throw new Error('SMTP_URL is not set: run the tests through `npm test` (it starts Mailpit)');
      return url;
    };

    it('arrives with its subject, recipient and text, under the Message-ID the channel returned', async () => {
      const channel = new SmtpEmailChannel(smtpUrl(), 'hilfenetz <noreply@lindenau.example>', appUrl);
      const n = notification();
      const address = `aufnahme-${run}@kjp-st-marien.example`;
      const sent = await channel.send(n, address);
      expect(sent.providerReference).toMatch(/^<.+@.+>$/);

      const [mail, ...more] = await mailpit.waitForMessagesTo(address);
      expect(more).toEqual([]);
      const expected = notificationText(n, appUrl);
      expect(mail!.Subject).toBe(expected.subject);
      expect(mail!.To).toEqual([{ Name: '', Address: address }]);
      expect(mail!.From).toEqual({ Name: 'hilfenetz', Address: 'noreply@lindenau.example' });
      expect(plain(mail!.Text)).toBe(expected.text.trim());
      expect(mail!.Text).toContain(`Fall: F-2026-${run}`);
      expect(`<${mail!.MessageID}>`).toBe(sent.providerReference);
      expect((await mailpit.headers(mail!.ID))['X-Hilfenetz-Notification']).toEqual([n.notificationId]);
    });

    it('sends a composed briefing instead of the generic text, umlauts intact', async () => {
      const channel = new SmtpEmailChannel(smtpUrl(), 'hilfenetz <noreply@lindenau.example>', appUrl);
      const address = `leitstelle-${run}@lindenau.example`;
      const body = {
        subject: `Krisenbriefing Fall F-2026-${run}: Selbstgefährdung, sofort`,
        text: 'Ort: Wohngruppe Birkenhof, Zimmer 4\nRückruf: +4915112345678\nAlter: 15 Jahre',
        short: 'nicht für E-Mail',
      };
      await channel.send(notification({ body }), address);
      const [mail] = await mailpit.waitForMessagesTo(address);
      expect(mail!.Subject).toBe(body.subject);
      expect(plain(mail!.Text)).toBe(body.text);
      expect(await mailpit.search(`subject:"F-2026-${run}" to:"${address}"`)).toHaveLength(1);
    });
  });

  describe('SMS and voice through the gateway', () => {
    it('lists the SMS and posts a signed receipt that verifies, and only under the right secret and body', async () => {
      const channel = new HttpGatewaySmsChannel(gateway.messagesUrl, appUrl, 'sms', { callbackUrl });
      const n = notification();
      const to = phone();
      const sent = await channel.send(n, to);
      expect(sent.providerReference).toMatch(/^msg-/);

      const listed = await gateway.client.messages({ reference: n.notificationId });
      expect(listed).toEqual([
        expect.objectContaining({
          messageId: sent.providerReference,
          idempotencyKey: n.notificationId,
          to,
          mode: 'sms',
          text: notificationText(n, appUrl).short,
          callbackUrl,
        }),
      ]);

      const [receipt] = await eventually(
        async () => {
          const r = receiptsFor(n.notificationId);
          return r.length ? r : undefined;
        },
        { what: 'the delivery receipt at the callback' },
      );
      const body = gatewayReceiptRequest.parse(JSON.parse(receipt!.raw));
      expect(body).toEqual({
        reference: n.notificationId,
        messageId: sent.providerReference,
        status: 'delivered',
        at: body.at,
      });
      expect(Date.parse(body.at)).toBeGreaterThanOrEqual(Date.parse(listed[0]!.acceptedAt));

      // The header is what any receiver computes on its own: HMAC-SHA256 of the exact bytes.
      expect(receipt!.signature).toBe(
        `sha256=${createHmac('sha256', gateway.secret).update(receipt!.raw).digest('hex')}`,
      );
      expect(verifyGatewaySignature(gateway.secret, receipt!.raw, receipt!.signature)).toBe(true);
      expect(
        verifyGatewaySignature(gateway.secret, receipt!.raw.replace('"delivered"', '"failed"'), receipt!.signature),
      ).toBe(false);
      expect(verifyGatewaySignature(`${gateway.secret}-other`, receipt!.raw, receipt!.signature)).toBe(false);
      expect(verifyGatewaySignature(gateway.secret, receipt!.raw, undefined)).toBe(false);

      const after = await gateway.client.waitForMessage(
        { reference: n.notificationId },
        (m) => m.callback.state === 'posted',
      );
      expect(after.receipt).toEqual({ status: 'delivered', at: body.at });
      expect(receiptsFor(n.notificationId)).toHaveLength(1);
    });

    it('a number ending in 0000 gets a failed receipt', async () => {
      const channel = new HttpGatewaySmsChannel(gateway.messagesUrl, appUrl, 'sms', { callbackUrl });
      const n = notification();
      const sent = await channel.send(n, phone('00').replace(/\d{4}$/, '0000'));
      const receipt = await eventually(async () => receiptsFor(n.notificationId)[0], { what: 'the failed receipt' });
      expect(JSON.parse(receipt.raw)).toMatchObject({ messageId: sent.providerReference, status: 'failed' });
      expect(verifyGatewaySignature(gateway.secret, receipt.raw, receipt.signature)).toBe(true);
    });

    it('a switched-off phone (…0099) never answers: no receipt reaches the callback', async () => {
      const channel = new HttpGatewaySmsChannel(gateway.messagesUrl, appUrl, 'voice', { callbackUrl });
      const n = notification();
      const to = phone('99').replace(/\d{4}$/, '0099');
      await channel.send(n, to);
      const m = await gateway.client.waitForMessage({ to }, (x) => x.receipt.status !== 'pending');
      expect(m).toMatchObject({
        mode: 'voice',
        receipt: { status: 'switched_off', at: null },
        callback: { state: 'none', attempts: 0 },
      });
      // A receipt would have been posted at the moment the phone answered; give it ample time.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(receiptsFor(n.notificationId)).toEqual([]);
    });

    it('a repeated send under the same idempotency key is stored once; a call of the same notification is another message', async () => {
      const sms = new HttpGatewaySmsChannel(gateway.messagesUrl, appUrl, 'sms', { callbackUrl });
      const voice = new HttpGatewaySmsChannel(gateway.messagesUrl, appUrl, 'voice', { callbackUrl });
      const n = notification();
      const to = phone();
      const first = await sms.send(n, to);
      const again = await sms.send(n, to);
      expect(again.providerReference).toBe(first.providerReference);
      const call = await voice.send(n, to);
      expect(call.providerReference).not.toBe(first.providerReference);

      const listed = await gateway.client.messages({ reference: n.notificationId });
      expect(listed.map((m) => `${m.mode}:${m.messageId}`).sort()).toEqual(
        [`sms:${first.providerReference}`, `voice:${call.providerReference}`].sort(),
      );
      await eventually(async () => (receiptsFor(n.notificationId).length === 2 ? true : undefined), {
        what: 'one receipt per message',
      });

      // The same key for a different message is the caller's bug: refused, nothing stored.
      const res = await fetch(gateway.messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': n.notificationId },
        body: JSON.stringify({ to, mode: 'sms', text: 'ein anderer Text', reference: n.notificationId }),
      });
      expect(res.status).toBe(409);
      expect(await gateway.client.messages({ reference: n.notificationId })).toHaveLength(2);
    });

    it('retries a receipt the callback refused, keeping the message, until it is taken', async () => {
      const channel = new HttpGatewaySmsChannel(gateway.messagesUrl, appUrl, 'sms', { callbackUrl });
      const n = notification();
      refuseOnce.add(n.notificationId);
      await channel.send(n, phone());
      const m = await gateway.client.waitForMessage(
        { reference: n.notificationId },
        (x) => x.callback.state === 'posted',
      );
      expect(m.callback.attempts).toBe(2);
      expect(receiptsFor(n.notificationId)).toHaveLength(1);
    });

    it('refuses bad input with 400 naming the field, and stores nothing', async () => {
      const reference = `n-${run}-bad`;
      const post = (body: unknown, key: string | null = 'k-bad') =>
        fetch(gateway.messagesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
          body: JSON.stringify(body),
        });
      const good = { to: '+4915112345678', mode: 'sms', text: 'Test', reference, callbackUrl };
      for (const [body, key, field] of [
        [{ ...good, to: '0151 12345678' }, 'k-bad-1', 'to'],
        [{ ...good, to: 'case-file:guardian-contact-1' }, 'k-bad-2', 'to'],
        [{ ...good, mode: 'fax' }, 'k-bad-3', 'mode'],
        [{ ...good, text: '' }, 'k-bad-4', 'text'],
        [{ ...good, reference: 'x' }, 'k-bad-5', 'reference'],
        [{ ...good, callbackUrl: 'ftp://127.0.0.1/x' }, 'k-bad-6', 'callbackUrl'],
        [good, null, 'Idempotency-Key'],
      ] as const) {
        const res = await post(body, key);
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: 'invalid_request', field });
      }
      expect(await gateway.client.messages({ reference })).toEqual([]);
    });

    it('shows every message on its German page', async () => {
      const channel = new HttpGatewaySmsChannel(gateway.messagesUrl, appUrl, 'sms', { callbackUrl });
      const n = notification({ body: { subject: 's', text: 't', short: `Krise <Fall ${run}> – bitte melden` } });
      const to = phone();
      await channel.send(n, to);
      await gateway.client.waitForMessage({ reference: n.notificationId }, (m) => m.callback.state === 'posted');
      const page = await (await fetch(gateway.url)).text();
      expect(page).toContain('<html lang="de">');
      expect(page).toContain('SMS- und Sprachnachrichten-Gateway (Entwicklung)');
      expect(page).toContain(to);
      expect(page).toContain(`Krise &lt;Fall ${run}&gt; – bitte melden`);
      expect(page).toContain(n.notificationId);
    });
  });
});
