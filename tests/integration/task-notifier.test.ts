import type { AgreementContact, NewEvent, StoredEvent } from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import {
  HttpGatewaySmsChannel,
  InAppChannel,
  NotificationDispatcher,
  SmtpEmailChannel,
} from '@hilfenetz/notifications';
import { TaskNotifier } from '@hilfenetz/projector';
import { aCaseStream, freePort, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';

interface Mail {
  to: string[];
  raw: string;
}

/**
 * Notifications against a real SMTP server and a real HTTP SMS gateway on localhost: delivery,
 * retry, fallback to the next channel, the record in the case stream, and no second message when
 * the same event comes again.
 */
describe('task notifier (real SMTP server, real HTTP gateway)', () => {
  let ds: DataSource;
  let store: PostgresEventStore;
  let smtp: SMTPServer;
  let smtpPort: number;
  let gateway: Server;
  let gatewayUrl: string;
  const mails: Mail[] = [];
  const texts: { to: string; text: string; mode: string; key: string | undefined }[] = [];
  let rejectRecipients = false;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 4);
    store = new PostgresEventStore(ds);
    smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, cb) {
        if (rejectRecipients) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        cb();
      },
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
    const gatewayPort = await freePort();
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { to, text, mode } = JSON.parse(body) as { to: string; text: string; mode: string };
        texts.push({ to, text, mode, key: req.headers['idempotency-key'] as string | undefined });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => gateway.listen(gatewayPort, '127.0.0.1', r));
    gatewayUrl = `http://127.0.0.1:${gatewayPort}/sms`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await new Promise<void>((r) => gateway.close(() => r()));
    await ds.destroy();
  });

  const contact: AgreementContact = {
    id: 'ct-test-aufnahme',
    organisationId: 'org-kjp-st-marien',
    kind: 'desk',
    label: 'KJP St. Marien – Aufnahme',
    channels: [
      { kind: 'email', address: 'aufnahme@kjp-st-marien.example' },
      { kind: 'phone', address: '+49 9999 6630-0' },
      { kind: 'in_app', address: 'inbox:org-kjp-st-marien/aufnahme' },
    ],
  };

  /** A contact reached by a call first (a night rota), then by text message. */
  const onCall: AgreementContact = {
    id: 'ct-test-rufbereitschaft',
    organisationId: 'org-kjp-st-marien',
    kind: 'on_call',
    label: 'KJP St. Marien – Hintergrunddienst',
    channels: [
      { kind: 'voice', address: '+49 9999 6630-77' },
      { kind: 'phone', address: '+49 9999 6630-78' },
    ],
  };

  function notifier() {
    const dispatcher = new NotificationDispatcher(
      [
        new SmtpEmailChannel(
          `smtp://127.0.0.1:${smtpPort}`,
          'hilfenetz <noreply@lindenau.example>',
          'http://app.example',
        ),
        new HttpGatewaySmsChannel(gatewayUrl, 'http://app.example', 'sms'),
        new HttpGatewaySmsChannel(gatewayUrl, 'http://app.example', 'voice'),
        new InAppChannel(),
      ],
      { attemptsPerChannel: 2, baseDelayMs: 10 },
    );
    return new TaskNotifier(store, dispatcher, (_ref, id) => [contact, onCall].find((c) => c.id === id));
  }

  /** A crisis with its trigger and the clinic's notification, as the workflow would have stored them. */
  async function notifiedClinic(contactId = contact.id): Promise<{ caseId: string; notified: StoredEvent }> {
    const { caseId, streamId } = aCaseStream('NOTIFY');
    const crisisId = `crisis-${caseId}-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const meta = { actorId: 'system:crisis-workflow', actorRole: 'system', correlationId: randomUUID() };
    const events: NewEvent[] = [
      {
        eventId: randomUUID(),
        type: 'CrisisTriggered',
        schemaVersion: 1,
        data: {
          crisisId,
          caseId,
          dangerKind: 'self',
          urgency: 'immediate',
          triggeredAt: '2026-11-25T09:00:00.000Z',
          agreement: { agreementId: 'lindenau-krisenkooperation', version: '2026-1' },
        },
        metadata: meta,
      },
      {
        eventId: randomUUID(),
        type: 'PartyNotified',
        schemaVersion: 1,
        data: {
          crisisId,
          taskId: 'task-clinic',
          party: 'clinic',
          contactId,
          organisationId: contact.organisationId,
          route: 'office_hours',
          notifiedAt: '2026-11-25T09:00:01.000Z',
          deadline: '2026-11-25T09:15:01.000Z',
        },
        metadata: meta,
      },
    ];
    await store.append(streamId, events);
    const stored = await store.readStream(streamId);
    return { caseId, notified: stored.find((e) => e.type === 'PartyNotified')! };
  }

  it('e-mails the contact first, without personal data, and records the delivery', async () => {
    rejectRecipients = false;
    const before = mails.length;
    const { caseId, notified } = await notifiedClinic();
    await notifier().onEvent(notified);
    expect(mails.length).toBe(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.to).toEqual(['aufnahme@kjp-st-marien.example']);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe(`hilfenetz: Neue Krisenaufgabe – Fall ${caseId}`);
    expect(parsed.text).toContain('Bitte bestätigen bis: 25.11.26, 10:15 Uhr');
    expect(parsed.text).toContain('keine personenbezogenen Daten');
    const outcome = (await store.readStream(notified.streamId)).at(-1)!;
    expect(outcome).toMatchObject({
      type: 'NotificationSent',
      data: {
        taskId: 'task-clinic',
        contactId: contact.id,
        channel: 'email',
        failedAttempts: [],
        sourceEventId: notified.eventId,
      },
      metadata: { causationId: notified.eventId },
    });
  });

  it('a refused e-mail is retried, then the SMS gateway takes over; the failure stays on record', async () => {
    rejectRecipients = true;
    const sms = texts.length;
    const { notified } = await notifiedClinic();
    await notifier().onEvent(notified);
    expect(texts.length).toBe(sms + 1);
    expect(texts.at(-1)).toMatchObject({ to: '+49 9999 6630-0' });
    const outcome = (await store.readStream(notified.streamId)).at(-1)!;
    expect(outcome.type).toBe('NotificationSent');
    expect(outcome.data).toMatchObject({ channel: 'phone' });
    const failed = (outcome.data as { failedAttempts: { channel: string; attempt: number; error: string }[] })
      .failedAttempts;
    expect(failed.map((a) => `${a.channel}#${a.attempt}`)).toEqual(['email#1', 'email#2']);
    expect(failed[0]!.error).toMatch(/550|unavailable/);
    expect(texts.at(-1)!.key).toBe(outcome.eventId);
  });

  it('a contact configured for calls is called through the gateway (voice), per the agreement', async () => {
    const before = texts.length;
    const { notified } = await notifiedClinic(onCall.id);
    await notifier().onEvent(notified);
    expect(texts.slice(before)).toEqual([expect.objectContaining({ to: '+49 9999 6630-77', mode: 'voice' })]);
    const outcome = (await store.readStream(notified.streamId)).at(-1)!;
    expect(outcome).toMatchObject({ type: 'NotificationSent', data: { channel: 'voice', contactId: onCall.id } });
  });

  it('the same event delivered again sends nothing twice', async () => {
    rejectRecipients = false;
    const { notified } = await notifiedClinic();
    await notifier().onEvent(notified);
    const mailsAfterFirst = mails.length;
    await notifier().onEvent(notified);
    expect(mails.length).toBe(mailsAfterFirst);
    const outcomes = (await store.readStream(notified.streamId)).filter((e) => e.type.startsWith('Notification'));
    expect(outcomes).toHaveLength(1);
  });
});
