import type { ConsultationList } from '@hilfenetz/contracts';
import { eventually, openDataSource } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';
import { usersApi } from './support/users-api';

const stack = e2eStack();

const HEBAMMEN = 'org-hebammendienst-lindenau';
const BIRKENHOF = 'org-traeger-birkenhof';
const tag = randomUUID().slice(0, 8);
const networkId = `net-e2e-cons-${tag}`;

/**
 * Issue 17 part 5: a partner asks the network or a named specialist (the insoweit erfahrene
 * Fachkraft of the Träger) about a case described anonymously. Seeds: Stormarn's and
 * Darmstadt-Dieburg's anonymised case examples in the network meetings (003, 004).
 */
describe('anonymous case consultations in a network (issue 17 part 5)', () => {
  const { login, call, problem } = usersApi(stack.apiUrl, stack.issuer);
  let ds: DataSource;

  const list = async (user: string): Promise<ConsultationList> => {
    const res = await call('GET', `/networks/${networkId}/consultations`, user);
    expect(res.status).toBe(200);
    return (await res.json()) as ConsultationList;
  };
  const streamEvents = async (): Promise<{ type: string; data: string }[]> =>
    ds.query(`SELECT type, data::text AS data FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      `network-consultations-${networkId}`,
    ]);

  beforeAll(async () => {
    await login(...['koordination', 'kontakt-hebammen', 'traeger', 'klinik', 'fachkraft-nachbar']);
    ds = await openDataSource(stack.databaseUrl, 1);
    const founded = await call('POST', '/networks', 'koordination', {
      networkId,
      name: `Frühe Hilfen Lindenau (Beratung ${tag})`,
      kind: 'fruehe_hilfen',
      region: 'Landkreis Lindenau',
      coordinatingOrganisationIds: ['org-jugendamt-lindenau'],
    });
    expect(founded.status).toBe(201);
    for (const [organisationId, name, kind] of [
      [HEBAMMEN, 'Hebammendienst Lindenau', 'hebammendienst'],
      [BIRKENHOF, 'Träger Birkenhof', 'traeger'],
    ] as const) {
      const joined = await call('POST', `/networks/${networkId}/partners`, 'koordination', {
        organisationId,
        profile: { name, kind, targetGroups: ['familien_0_3'], region: 'Lindenau' },
      });
      expect(joined.status).toBe(204);
    }
  });

  afterAll(async () => {
    await ds.destroy();
  });

  const anonymous = {
    addressedTo: { kind: 'specialist', organisationId: BIRKENHOF, specialty: 'insoweit_erfahrene_fachkraft' },
    topic: 'Säugling, Mutter psychisch belastet',
    question:
      'Eine Mutter eines drei Monate alten Säuglings wirkt bei den Hausbesuchen erschöpft und zieht sich zurück. ' +
      'Der Vater arbeitet im Schichtdienst. Reichen unsere Hilfen nach § 4 KKG oder sollten wir das Jugendamt einbeziehen?',
  };

  it('refuses identifying data with a German problem naming the field and what looks identifying; nothing is stored', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ question: `${anonymous.question} Die Mutter heißt Frau Kowalski.` }, 'body.question', 'Name'],
      [{ question: `${anonymous.question} Das Kind ist am 12.03.2026 geboren.` }, 'body.question', 'Datum'],
      [{ question: `${anonymous.question} Die Familie wohnt in der Lindenstraße 12.` }, 'body.question', 'Anschrift'],
      [{ question: `${anonymous.question} Erreichbar unter 0176 12345678.` }, 'body.question', 'Telefonnummer'],
      [{ topic: 'Fall Az. 51-2026/17' }, 'body.topic', 'Aktenzeichen'],
    ];
    for (const [change, field, word] of cases) {
      const p = await problem(
        await call('POST', `/networks/${networkId}/consultations`, 'kontakt-hebammen', { ...anonymous, ...change }),
        400,
      );
      expect(p.detail).toContain('anonym');
      const reasons = (p.errors ?? []).filter((e) => e.field === field).map((e) => e.reason);
      expect(reasons.join(' ')).toContain(word);
      // The text itself is never echoed.
      expect(JSON.stringify(p)).not.toMatch(/Kowalski|12\.03\.2026|Lindenstraße 12|0176 12345678|51-2026/);
    }
    expect(await streamEvents()).toEqual([]);
  });

  it('a partner asks the insoweit erfahrene Fachkraft; she answers; the coordinating office marks it as a case example', async () => {
    const asked = await call('POST', `/networks/${networkId}/consultations`, 'kontakt-hebammen', anonymous);
    expect(asked.status).toBe(201);
    const { consultationId } = (await asked.json()) as { consultationId: string };

    // The specialist sees it and may answer; another partner's staff outside it does not see it.
    const atSpecialist = (await list('traeger')).consultations.find((c) => c.consultationId === consultationId);
    expect(atSpecialist).toMatchObject({
      topic: anonymous.topic,
      question: anonymous.question,
      callerMay: { answer: true },
    });
    expect((await list('kontakt-hebammen')).consultations[0]?.callerMay.answer).toBe(false);
    await problem(
      await call('POST', `/networks/${networkId}/consultations/${consultationId}/answers`, 'kontakt-hebammen', {
        answer: 'Eine eigene Antwort zählt nicht.',
      }),
      403,
    );

    // The answer passes the same check.
    const identifying = await problem(
      await call('POST', `/networks/${networkId}/consultations/${consultationId}/answers`, 'traeger', {
        answer: 'Rufen Sie mich an: 07621 410-5299.',
      }),
      400,
    );
    expect(identifying.errors?.[0]?.field).toBe('body.answer');
    const answer =
      'Gewichtige Anhaltspunkte sehe ich nach der Beschreibung nicht. Bieten Sie der Mutter eine Entlastung durch die Familienhebamme an und sprechen Sie die Belastung offen an.';
    const answered = await call('POST', `/networks/${networkId}/consultations/${consultationId}/answers`, 'traeger', {
      answer,
    });
    expect(answered.status).toBe(201);

    const mine = (await list('kontakt-hebammen')).consultations.find((c) => c.consultationId === consultationId)!;
    expect(mine.answers.map((a) => [a.answer, a.answeredBy.organisationId])).toEqual([[answer, BIRKENHOF]]);
    expect(mine.caseExample).toBe(false);

    // Only the coordinating office picks case examples.
    await problem(
      await call('PUT', `/networks/${networkId}/consultations/${consultationId}/case-example`, 'traeger', {
        caseExample: true,
      }),
      403,
    );
    const marked = await call(
      'PUT',
      `/networks/${networkId}/consultations/${consultationId}/case-example`,
      'koordination',
      {
        caseExample: true,
      },
    );
    expect(marked.status).toBe(204);
    expect(
      (await list('koordination')).consultations.find((c) => c.consultationId === consultationId)?.caseExample,
    ).toBe(true);

    // The meetings read the case examples from the read model: no text in it.
    const row = await eventually(async () => {
      const [r]: { case_example: boolean; answer_ids: string[]; specialty: string }[] = await ds.query(
        `SELECT case_example, answer_ids, specialty FROM network_consultations WHERE consultation_id = $1`,
        [consultationId],
      );
      if (!r?.case_example) throw new Error('not projected yet');
      return r;
    });
    expect(row.answer_ids).toHaveLength(1);
    expect(row.specialty).toBe('insoweit_erfahrene_fachkraft');

    // The log holds the texts only sealed.
    const events = await streamEvents();
    expect(events.map((e) => e.type)).toEqual([
      'NetworkConsultationRequested',
      'NetworkConsultationAnswered',
      'NetworkConsultationCaseExampleMarked',
    ]);
    for (const e of events) {
      expect(e.data).not.toContain('Säugling');
      expect(e.data).not.toContain('Familienhebamme');
    }
  });

  it('a question to the whole network is seen and answered by the members; a non-member can neither read nor ask', async () => {
    const asked = await call('POST', `/networks/${networkId}/consultations`, 'traeger', {
      addressedTo: { kind: 'network' },
      topic: 'Übergang Klinik – Nachsorge',
      question:
        'Wie organisieren andere Partner die Nachsorge, wenn eine Familie nach der Geburt keine Hebamme findet?',
    });
    expect(asked.status).toBe(201);
    const { consultationId } = (await asked.json()) as { consultationId: string };
    const atHebammen = (await list('kontakt-hebammen')).consultations.find((c) => c.consultationId === consultationId);
    expect(atHebammen?.callerMay.answer).toBe(true);

    const before = (await streamEvents()).length;
    for (const outsider of ['klinik', 'fachkraft-nachbar']) {
      const read = await problem(await call('GET', `/networks/${networkId}/consultations`, outsider), 403);
      expect(read.title).toBeTruthy();
      await problem(await call('POST', `/networks/${networkId}/consultations`, outsider, anonymous), 403);
    }
    // Addressed to an organisation outside the network: refused, nothing stored.
    const foreign = await problem(
      await call('POST', `/networks/${networkId}/consultations`, 'kontakt-hebammen', {
        ...anonymous,
        addressedTo: { kind: 'specialist', organisationId: 'org-kjp-st-marien', specialty: 'kinder_jugendpsychiatrie' },
      }),
      404,
    );
    expect(foreign.errors?.[0]?.field).toBe('body.addressedTo.organisationId');
    expect((await streamEvents()).length).toBe(before);
  });
});
