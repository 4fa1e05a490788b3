import type { NotificationChannel, OutboundNotification } from './notification';
import { NotificationDispatcher } from './notification-dispatcher';

const n: OutboundNotification = {
  notificationId: 'n-1',
  caseId: 'FALL-1',
  crisisId: 'crisis-1',
  taskId: 'task-clinic',
  reason: 'task_assigned',
  deadline: '2026-11-25T10:15:00.000Z',
  contactLabel: 'KJP – Aufnahme',
};

class FakeChannel implements NotificationChannel {
  sent: string[] = [];
  constructor(
    readonly kind: 'email' | 'phone' | 'in_app',
    private failures: number,
  ) {}
  async send(_n: OutboundNotification, address: string) {
    if (this.failures-- > 0) throw new Error(`${this.kind} down`);
    this.sent.push(address);
    return { providerReference: `${this.kind}-msg-${this.sent.length}` };
  }
}

const noSleep = async () => undefined;

describe('NotificationDispatcher', () => {
  it('retries a failing channel, then falls back to the next one', async () => {
    const email = new FakeChannel('email', 99);
    const sms = new FakeChannel('phone', 1);
    const d = new NotificationDispatcher([email, sms], { attemptsPerChannel: 3, baseDelayMs: 1 }, noSleep);
    const r = await d.deliver(n, [
      { kind: 'email', address: 'aufnahme@kjp.example' },
      { kind: 'phone', address: '+49 1' },
    ]);
    expect(r).toMatchObject({ delivered: true, channel: 'phone', providerReference: 'phone-msg-1' });
    expect(r.attempts.map((a) => `${a.channel}#${a.attempt}:${a.ok}`)).toEqual([
      'email#1:false',
      'email#2:false',
      'email#3:false',
      'phone#1:false',
      'phone#2:true',
    ]);
    expect(r.attempts.at(-1)).toMatchObject({ ok: true, providerReference: 'phone-msg-1' });
    expect(r.attempts.slice(0, -1).every((a) => a.providerReference === undefined)).toBe(true);
    expect(sms.sent).toEqual(['+49 1']);
  });

  it('skips an unconfigured channel at once and reports total failure with every attempt', async () => {
    const d = new NotificationDispatcher(
      [new FakeChannel('phone', 99)],
      { attemptsPerChannel: 2, baseDelayMs: 1 },
      noSleep,
    );
    const r = await d.deliver(n, [
      { kind: 'email', address: 'x@y' },
      { kind: 'phone', address: '+49 2' },
    ]);
    expect(r.delivered).toBe(false);
    expect(r.attempts.map((a) => `${a.channel}#${a.attempt}`)).toEqual(['email#1', 'phone#1', 'phone#2']);
    expect(r.attempts[0]!.error).toMatch(/not configured/);
  });

  it('reports delivered without a provider reference when the channel gives none (in-app)', async () => {
    const inApp: NotificationChannel = { kind: 'in_app', send: async () => ({}) };
    const r = await new NotificationDispatcher([inApp], undefined, noSleep).deliver(n, [
      { kind: 'in_app', address: 'org-kjp' },
    ]);
    expect(r).toEqual({ delivered: true, channel: 'in_app', attempts: [{ channel: 'in_app', attempt: 1, ok: true }] });
  });
});
