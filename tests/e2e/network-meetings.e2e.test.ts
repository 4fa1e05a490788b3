import type { MeetingList, MeetingView } from '@hilfenetz/contracts';
import { eventually, MailpitClient, openDataSource, type MailpitMessage } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';
import { usersApi } from './support/users-api';

const stack = e2eStack();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HEBAMMEN = 'org-hebammendienst-lindenau';
const JUGENDAMT = 'org-jugendamt-lindenau';

interface MailpitAttachment {
  PartID: string;
  FileName: string;
  ContentType: string;
}

/**
 * The network's meetings (issue 17 part 4) through the real API, worker and Mailpit: the
 * coordinating office creates a series and a meeting, every consented contact gets the invitation
 * with a calendar entry, partners propose and vote topics, the office sets the agenda; a meeting
 * documented afterwards gets attendance, a minute-taker, minutes drafted by the partner, approved
 * by the office and sent as PDF. Late votes, non-members and empty agenda items are refused with
 * nothing stored.
 */
describe('network meetings: invitations, topics and votes, minutes as PDF (issue 17 part 4)', () => {
  const mailpit = new MailpitClient(stack.mailpitUrl || undefined);
  const { login, call, problem } = usersApi(stack.apiUrl, stack.issuer);
  const tag = randomUUID().slice(0, 8);
  const networkId = `net-e2e-mtg-${tag}`;
  const foreignId = `net-e2e-mtgx-${tag}`;
  const contactMail = `hebammen.${tag}@hebammen.example`;
  let ds: DataSource;

  const ok = async <T>(res: Response, status = 200): Promise<T> => {
    if (res.status !== status) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return (status === 204 ? undefined : await res.json()) as T;
  };
  /** What a refused request must not have stored: the network's meeting events of one type. */
  const countOf = async (type: string) => (await meetingEvents()).filter((e) => e.type === type).length;
  const meetingEvents = async (id = networkId): Promise<{ type: string; data: string }[]> =>
    ds.query(
      `SELECT type, data::text AS data FROM events WHERE stream_id = $1 AND type LIKE 'NetworkMeeting%' ORDER BY stream_version`,
      [`network-${id}`],
    );
  const mailsTo = async (subject: string, count: number): Promise<MailpitMessage[]> => {
    const found = await eventually(
      async () => {
        const list = await mailpit.search(`to:"${contactMail}" subject:"${subject}"`);
        return list.length >= count ? list : undefined;
      },
      { timeoutMs: 30_000, what: `${count} mail(s) "${subject}" to ${contactMail}` },
    );
    return Promise.all(found.map((m) => mailpit.read(m.ID)));
  };
  const part = async (m: MailpitMessage, a: MailpitAttachment) =>
    Buffer.from(await (await fetch(`${mailpit.baseUrl}/api/v1/message/${m.ID}/part/${a.PartID}`)).arrayBuffer());
  const found = (id: string, name: string, coordinating: string[]) => ({
    networkId: id,
    name,
    kind: 'fruehe_hilfen',
    region: 'Landkreis Lindenau',
    coordinatingOrganisationIds: coordinating,
    subNetworks: [{ subNetworkId: 'nord', name: 'Netzwerk Nord', region: 'Lindenau-Nord' }],
  });
  const series = async (id: string) =>
    (
      await ok<{ seriesId: string }>(
        await call('POST', `/networks/${id}/meeting-series`, 'koordination', {
          name: 'Netzwerktreffen Frühe Hilfen',
          rule: { meetingsPerYear: 3, fachtagePerYear: 1 },
        }),
        201,
      )
    ).seriesId;

  beforeAll(async () => {
    await login(...['koordination', 'kontakt-hebammen', 'fachkraft']);
    ds = await openDataSource(stack.databaseUrl, 1);
    await ok(
      await call('POST', '/networks', 'koordination', found(networkId, `Frühe Hilfen Treffen ${tag}`, [JUGENDAMT])),
      201,
    );
    await ok(
      await call('POST', `/networks/${networkId}/partners`, 'koordination', {
        organisationId: HEBAMMEN,
        profile: {
          name: 'Hebammendienst Lindenau',
          kind: 'hebammendienst',
          targetGroups: ['familien_0_3'],
          region: 'Lindenau-Nord',
        },
      }),
      204,
    );
    await ok(
      await call('POST', `/networks/${networkId}/partners/${HEBAMMEN}/contact`, 'kontakt-hebammen', {
        details: {
          name: `Frau Kaya ${tag}`,
          function: 'Koordination Familienhebammen',
          phone: '07621 410-5210',
          email: contactMail,
          hours: 'Mo–Do 9–12 Uhr',
        },
        consent: { givenOn: new Date().toISOString().slice(0, 10), scope: ['network_directory', 'coordination_mail'] },
      }),
      201,
    );
  });
  afterAll(() => ds?.destroy());

  it('a meeting ahead: invitation with calendar entry to the consented contact, topics voted, agenda set', async () => {
    const seriesId = await series(networkId);
    // Only the coordinating office manages series and meetings.
    await problem(
      await call('POST', `/networks/${networkId}/meeting-series`, 'kontakt-hebammen', {
        name: 'Eigene Reihe',
        rule: { meetingsPerYear: 2, fachtagePerYear: 0 },
      }),
      403,
    );
    const startsAt = new Date(Date.now() + 21 * DAY).toISOString();
    const body = {
      seriesId,
      kind: 'sitzung',
      title: `Netzwerktreffen Frühjahr ${tag}`,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * HOUR).toISOString(),
      room: 'Landratsamt, Raum 2.14',
      topicsDueAt: new Date(Date.now() + 7 * DAY).toISOString(),
    };
    const wrong = await problem(
      await call('POST', `/networks/${networkId}/meetings`, 'koordination', { ...body, endsAt: startsAt }),
      422,
    );
    expect(wrong.errors?.[0]?.field).toBe('body.endsAt');
    const meeting = await ok<MeetingView>(
      await call('POST', `/networks/${networkId}/meetings`, 'koordination', body),
      201,
    );
    expect(meeting).toMatchObject({ title: body.title, room: body.room, topicsOpen: true, mayManage: true });
    const path = `/networks/${networkId}/meetings/${meeting.meetingId}`;

    const [invitation] = await mailsTo(`Einladung: Netzwerktreffen Frühjahr ${tag}`, 1);
    expect(invitation!.Text).toContain('Landratsamt, Raum 2.14');
    const [ics] = (invitation as unknown as { Attachments: MailpitAttachment[] }).Attachments;
    expect(ics).toMatchObject({ FileName: 'treffen.ics' });
    const calendar = (await part(invitation!, ics!)).toString('utf8');
    expect(calendar).toContain('BEGIN:VEVENT');
    expect(calendar).toContain(`SUMMARY:Netzwerktreffen Frühjahr ${tag}`);
    await eventually(async () => {
      const v = await ok<MeetingView>(await call('GET', path, 'koordination'));
      return v.mail.find((m) => m.purpose === 'invitation')?.sent === 1 ? v : undefined;
    });

    // A partner proposes a topic; both vote for it once.
    const { topicId } = await ok<{ topicId: string }>(
      await call('POST', `${path}/topics`, 'kontakt-hebammen', { title: `Übergänge Geburtsklinik ${tag}` }),
      201,
    );
    await ok(await call('POST', `${path}/topics/${topicId}/votes`, 'kontakt-hebammen'), 204);
    await ok(await call('POST', `${path}/topics/${topicId}/votes`, 'koordination'), 204);
    await problem(await call('POST', `${path}/topics/${topicId}/votes`, 'kontakt-hebammen'), 409);

    // An empty agenda item: 400 naming the field, nothing stored.
    const before = await countOf('NetworkMeetingAgendaSet');
    const empty = await problem(
      await call('PUT', `${path}/agenda`, 'koordination', { items: [{ topicId, title: '  ' }] }),
      400,
    );
    expect(empty.errors?.[0]?.field).toBe('body.items.0.title');
    await problem(await call('PUT', `${path}/agenda`, 'kontakt-hebammen', { items: [{ title: 'Begrüßung' }] }), 403);
    expect(await countOf('NetworkMeetingAgendaSet')).toBe(before);
    await ok(
      await call('PUT', `${path}/agenda`, 'koordination', {
        items: [{ title: 'Begrüßung und Protokoll' }, { topicId, title: `Übergänge Geburtsklinik ${tag}` }],
      }),
      204,
    );

    const seen = await ok<MeetingView>(await call('GET', path, 'kontakt-hebammen'));
    expect(seen.topics).toEqual([
      expect.objectContaining({ topicId, title: `Übergänge Geburtsklinik ${tag}`, votes: 2, votedByMe: true }),
    ]);
    expect(seen.agenda.map((a) => a.title)).toEqual(['Begrüßung und Protokoll', `Übergänge Geburtsklinik ${tag}`]);
    expect(seen.mayManage).toBe(false);
    const list = await ok<MeetingList>(await call('GET', `/networks/${networkId}/meetings`, 'kontakt-hebammen'));
    expect(list.series).toEqual([
      expect.objectContaining({ seriesId, rule: { meetingsPerYear: 3, fachtagePerYear: 1 } }),
    ]);
    // Free text only sealed in the log.
    expect(JSON.stringify(await meetingEvents())).not.toContain('Geburtsklinik');
  });

  it('a meeting held: a late vote is refused, the partner drafts the minutes, the office approves, the PDF arrives', async () => {
    const seriesId = (await ok<MeetingList>(await call('GET', `/networks/${networkId}/meetings`, 'koordination')))
      .series[0]!.seriesId;
    const startsAt = new Date(Date.now() - 2 * DAY).toISOString();
    const meeting = await ok<MeetingView>(
      await call('POST', `/networks/${networkId}/meetings`, 'koordination', {
        seriesId,
        kind: 'fachtag',
        title: `Fachtag Frühe Hilfen ${tag}`,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + 6 * HOUR).toISOString(),
        topicsDueAt: new Date(Date.parse(startsAt) - 7 * DAY).toISOString(),
      }),
      201,
    );
    const path = `/networks/${networkId}/meetings/${meeting.meetingId}`;
    expect(meeting.topicsOpen).toBe(false);
    // After the topics' deadline: 409, nothing stored.
    const before = await countOf('NetworkMeetingTopicProposed');
    const late = await problem(await call('POST', `${path}/topics`, 'kontakt-hebammen', { title: 'Zu spät' }), 409);
    expect(late.errors?.[0]?.field).toBe('path.meetingId');
    expect(await countOf('NetworkMeetingTopicProposed')).toBe(before);

    await ok(
      await call('PUT', `${path}/attendance`, 'koordination', { presentOrganisationIds: [HEBAMMEN, JUGENDAMT] }),
      204,
    );
    const stranger = await problem(
      await call('PUT', `${path}/minute-taker`, 'koordination', { organisationId: 'org-e2e-nobody' }),
      422,
    );
    expect(stranger.errors?.[0]?.field).toBe('body.organisationId');
    // Only the minute-taker's organisation (or the office) drafts.
    await problem(await call('PUT', `${path}/minutes`, 'kontakt-hebammen', { text: 'Noch nicht gewählt.' }), 403);
    await ok(await call('PUT', `${path}/minute-taker`, 'koordination', { organisationId: HEBAMMEN }), 204);
    const minutes = `TOP 1: Übergaben zwischen Klinik und Hebammen ${tag}. TOP 2: Termine.`;
    await ok(await call('PUT', `${path}/minutes`, 'kontakt-hebammen', { text: minutes }), 204);
    expect((await ok<MeetingView>(await call('GET', path, 'kontakt-hebammen'))).minutes?.text).toBe(minutes);
    await problem(await call('POST', `${path}/minutes/approval`, 'kontakt-hebammen'), 403);
    await ok(await call('POST', `${path}/minutes/approval`, 'koordination'), 204);

    const [mail] = await mailsTo(`Protokoll: Fachtag Frühe Hilfen ${tag}`, 1);
    const [pdf] = (mail as unknown as { Attachments: MailpitAttachment[] }).Attachments;
    expect(pdf).toMatchObject({ FileName: 'protokoll.pdf', ContentType: 'application/pdf' });
    expect((await part(mail!, pdf!)).subarray(0, 5).toString()).toBe('%PDF-');
    const sent = await eventually(async () => {
      const v = await ok<MeetingView>(await call('GET', path, 'kontakt-hebammen'));
      return v.minutesStatus === 'sent' ? v : undefined;
    });
    expect(sent.presentOrganisationIds).toEqual([HEBAMMEN, JUGENDAMT]);
    expect(JSON.stringify(await meetingEvents())).not.toContain('Übergaben');
    // Closed: nothing changes after the minutes went out.
    await problem(await call('PUT', `${path}/minutes`, 'koordination', { text: 'Nachträglich geändert.' }), 409);
  });

  it('a vote after the topics’ deadline: 409 problem+json naming the meeting, no vote stored', async () => {
    const seriesId = (await ok<MeetingList>(await call('GET', `/networks/${networkId}/meetings`, 'koordination')))
      .series[0]!.seriesId;
    const topicsDueAt = new Date(Date.now() + 4_000).toISOString();
    const meeting = await ok<MeetingView>(
      await call('POST', `/networks/${networkId}/meetings`, 'koordination', {
        seriesId,
        kind: 'sitzung',
        title: `Kurzfristiges Treffen ${tag}`,
        startsAt: new Date(Date.now() + 2 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 2 * DAY + HOUR).toISOString(),
        topicsDueAt,
      }),
      201,
    );
    const path = `/networks/${networkId}/meetings/${meeting.meetingId}`;
    const { topicId } = await ok<{ topicId: string }>(
      await call('POST', `${path}/topics`, 'kontakt-hebammen', { title: `Kurzes Thema ${tag}` }),
      201,
    );
    // Past the deadline (the server's clock decides; the workflow closes the topics then).
    await eventually(async () => {
      const v = await ok<MeetingView>(await call('GET', path, 'koordination'));
      return v.topicsOpen ? undefined : v;
    });
    const before = await countOf('NetworkMeetingTopicVoted');
    const late = await problem(await call('POST', `${path}/topics/${topicId}/votes`, 'koordination'), 409);
    expect(late.errors?.[0]).toMatchObject({ field: 'path.meetingId' });
    expect(await countOf('NetworkMeetingTopicVoted')).toBe(before);
    expect((await ok<MeetingView>(await call('GET', path, 'koordination'))).topics[0]?.votes).toBe(0);
  });

  it('non-members read no meeting and no minutes', async () => {
    await ok(
      await call('POST', '/networks', 'koordination', found(foreignId, `Ohne Hebammen ${tag}`, [JUGENDAMT])),
      201,
    );
    const seriesId = await series(foreignId);
    const startsAt = new Date(Date.now() - DAY).toISOString();
    const meeting = await ok<MeetingView>(
      await call('POST', `/networks/${foreignId}/meetings`, 'koordination', {
        seriesId,
        kind: 'sitzung',
        title: `Treffen ohne Hebammen ${tag}`,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + HOUR).toISOString(),
        topicsDueAt: new Date(Date.parse(startsAt) - DAY).toISOString(),
      }),
      201,
    );
    const path = `/networks/${foreignId}/meetings/${meeting.meetingId}`;
    await ok(await call('PUT', `${path}/minutes`, 'koordination', { text: `Vertrauliches Protokoll ${tag}` }), 204);
    await ok(await call('POST', `${path}/minutes/approval`, 'koordination'), 204);
    const refused = await call('GET', path, 'kontakt-hebammen');
    const text = await refused.clone().text();
    await problem(refused, 403);
    expect(text).not.toContain('Vertrauliches');
    await problem(await call('GET', `/networks/${foreignId}/meetings`, 'kontakt-hebammen'), 403);
    await problem(await call('GET', path, 'fachkraft'), 403);
    await problem(await call('GET', `/networks/${networkId}/meetings/mtg-${randomUUID()}`, 'koordination'), 404);
  });
  it('the yearly contact confirmation: the contact confirms their own entry, the office sees the status', async () => {
    const statuses = await ok<{ organisationId: string; status: string }[]>(
      await call('GET', `/networks/${networkId}/contact-confirmations`, 'koordination'),
    );
    expect(statuses).toEqual([expect.objectContaining({ organisationId: HEBAMMEN, status: 'confirmed' })]);
    // Only the contact person confirms.
    await problem(
      await call('POST', `/networks/${networkId}/partners/${HEBAMMEN}/contact/confirmation`, 'koordination'),
      403,
    );
    await ok(
      await call('POST', `/networks/${networkId}/partners/${HEBAMMEN}/contact/confirmation`, 'kontakt-hebammen'),
      204,
    );
    const confirmed: { type: string }[] = await eventually(async () => {
      const rows: { type: string }[] = await ds.query(
        `SELECT type FROM events WHERE stream_id = $1 AND type = 'PartnerContactConfirmed'`,
        [`network-${networkId}`],
      );
      return rows.length === 1 ? rows : undefined;
    });
    expect(confirmed).toHaveLength(1);
    await problem(await call('GET', `/networks/${foreignId}/contact-confirmations`, 'kontakt-hebammen'), 403);
  });
});
