import type { HilfeplanungLiveState, HilfeplanungMessageStatus } from '@hilfenetz/contracts';
import {
  eventually,
  lindenauCaseId,
  MailpitClient,
  SmsGatewayClient,
  tokenFor,
  type MailpitMessage,
} from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const HOUR = 3_600_000;
const CLINIC = 'sozialdienst@kjp-st-marien.example';
const PROVIDER = 'leitung@wohngruppe-birkenhof.example';

async function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Hilfeplanung messages leave the system (issue 11 §4), black box: the real API, worker and
 * Mailpit (read through its REST API) and the system's own SMS gateway. The statement requests and
 * invitations reach the clinic's and the Träger's function mailboxes, the guardian and the young
 * person get theirs on the channel the caseworker chose, a meeting less than 48 hours ahead is
 * reminded at once, and the Hilfeplanung's status shows each message's delivery.
 */
describe('Hilfeplanung messages really sent (Mailpit, SMS gateway)', () => {
  const mailpit = new MailpitClient(stack.mailpitUrl || undefined);
  const gateway = new SmsGatewayClient(stack.gatewayUrl);
  let caseworker: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
  });

  /** This case's mails to one mailbox, read in full, oldest first. */
  async function mailsTo(address: string, caseId: string | null, count: number): Promise<MailpitMessage[]> {
    const query = caseId ? `to:"${address}" subject:"${caseId}"` : `to:"${address}"`;
    const found = await eventually(
      async () => {
        const list = await mailpit.search(query);
        return list.length >= count ? list : undefined;
      },
      { timeoutMs: 30_000, what: `${count} mail(s) for ${query}` },
    );
    return Promise.all([...found].reverse().map((m) => mailpit.read(m.ID)));
  }

  it('statement requests, invitations and the reminder arrive; the view shows their delivery', async () => {
    const caseId = lindenauCaseId(`FALL-HPM-${randomUUID().slice(0, 8)}`);
    const guardianMail = `sorge-${randomUUID().slice(0, 8)}@familie.example`;
    const youngPhone = `+49151${String(Math.floor(Math.random() * 1e7)).padStart(7, '1')}`;
    const registered = await call('POST', '/cases', caseworker, {
      caseId,
      youngPerson: { givenName: 'Lea', familyName: 'Birkholz', dateOfBirth: '2011-02-03' },
      careProviderOrganisationId: 'org-traeger-birkenhof',
      guardians: [{ name: 'Petra Birkholz', relation: 'mother', email: guardianMail, preferredChannel: 'email' }],
    });
    expect(registered.status).toBe(201);
    const base = `/cases/${caseId}/hilfeplanung`;
    expect((await call('POST', base, caseworker, { clinicOrganisationId: 'org-kjp-st-marien' })).status).toBe(201);

    // The statement requests go to the clinic's and the Träger's function mailboxes at once.
    const [clinicRequest] = await mailsTo(CLINIC, caseId, 1);
    expect(clinicRequest!.Subject).toMatch(new RegExp(`^hilfenetz: Bitte um Stellungnahme – Fall ${caseId} \\(bis `));
    expect(clinicRequest!.Text).toContain(`/faelle/${caseId}/hilfeplanung`);
    expect(clinicRequest!.Text).not.toMatch(/Lea|Birkholz/);
    expect((await mailsTo(PROVIDER, caseId, 1))[0]!.Subject).toBe(clinicRequest!.Subject);

    // A bad channel choice is refused at the field, and nothing is scheduled.
    const bad = await call('POST', `${base}/meeting`, caseworker, {
      meetingAt: new Date(Date.now() + 47 * HOUR).toISOString(),
      notify: { guardian: 'email', youngPerson: { channel: 'phone', phone: '0151 1234' } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('notify.youngPerson.phone');
    expect(((await (await call('GET', base, caseworker)).json()) as HilfeplanungLiveState).meetingAt).toBeNull();

    // In 47 hours: the invitation goes out, and, the reminder time (48 h before) being past, the reminder.
    const meetingAt = new Date(Date.now() + 47 * HOUR).toISOString();
    const scheduled = await call('POST', `${base}/meeting`, caseworker, {
      meetingAt,
      notify: { guardian: 'email', youngPerson: { channel: 'phone', phone: youngPhone } },
    });
    expect(scheduled.status).toBe(200);

    const clinicMails = await mailsTo(CLINIC, caseId, 3);
    const subjects = clinicMails.map((m) => m.Subject);
    expect(subjects.some((s) => s.startsWith(`hilfenetz: Einladung zum Hilfeplangespräch am `))).toBe(true);
    expect(subjects.some((s) => s.startsWith(`hilfenetz: Erinnerung an das Hilfeplangespräch am `))).toBe(true);
    const invitation = clinicMails.find((m) => m.Subject.includes('Einladung'))!;
    expect(invitation.To.map((t) => t.Address)).toEqual([CLINIC]);
    expect(invitation.Text).toContain('Ort: Kreisjugendamt Lindenau');
    expect(invitation.Text).toContain(`Fall ${caseId}`);
    expect(invitation.Text).not.toMatch(/Lea|Birkholz/);
    expect((await mailsTo(PROVIDER, caseId, 3)).map((m) => m.Subject).sort()).toEqual([...subjects].sort());

    // The guardian: plain German, no case reference, nothing about the young person.
    const guardian = await mailsTo(guardianMail, null, 2);
    expect(guardian.map((m) => m.Subject).sort()).toEqual([
      'Jugendamt: Einladung zum Hilfeplangespräch',
      'Jugendamt: Erinnerung an das Hilfeplangespräch',
    ]);
    for (const m of guardian) {
      expect(m.Text).toContain('Ort: Kreisjugendamt Lindenau');
      expect(m.Text).not.toContain(caseId);
      expect(m.Text).not.toMatch(/Lea|Birkholz/);
    }

    // The young person: an SMS at the gateway, without any personal data or case reference.
    const sms = await gateway.waitForMessage({ to: youngPhone }, (m) => m.text.includes('Einladung'));
    expect(sms.text).toMatch(/^Jugendamt: Einladung zum Hilfeplangespräch am /);
    expect(sms.text).not.toContain(caseId);
    expect(sms.text).not.toMatch(/Lea|Birkholz/);

    // The status: every message with its delivery.
    const messages = await eventually(
      async () => {
        const s = (await (await call('GET', base, caseworker)).json()) as HilfeplanungLiveState;
        return (s.messages ?? []).length >= 10 ? s.messages : undefined;
      },
      { timeoutMs: 30_000, what: 'ten message rows in the status' },
    );
    const row = (kind: string, label: RegExp) =>
      (messages as HilfeplanungMessageStatus[]).filter((m) => m.kind === kind && label.test(m.recipientLabel));
    expect(row('statement_request', /Sozialdienst/)).toEqual([
      expect.objectContaining({ party: 'clinic', channel: 'email', status: 'delivered' }),
    ]);
    expect(row('invitation', /Leitung/)).toEqual([
      expect.objectContaining({ party: 'provider', channel: 'email', status: 'delivered' }),
    ]);
    expect(row('invitation', /^Sorgeberechtigte Person 1$/)).toEqual([
      expect.objectContaining({ party: 'guardian', channel: 'email', status: 'delivered' }),
    ]);
    expect(row('invitation', /^Junger Mensch$/)).toEqual([
      expect.objectContaining({ party: 'young_person', channel: 'phone', status: 'sent' }),
    ]);
    expect(
      row('meeting_reminder', /./)
        .map((m) => m.party)
        .sort(),
    ).toEqual(['clinic', 'guardian', 'provider', 'young_person']);
  });
});
