import { loadConfig, masterKeyring } from '@hilfenetz/config';
import type { NewEvent } from '@hilfenetz/contracts';
import { contactKeyOwner, demoNetwork, demoPartners, networkStreamId } from '@hilfenetz/domain';
import { PersonalDataVault, PostgresEventStore, StreamVersionConflict } from '@hilfenetz/event-store';
import { createDataSource } from '@hilfenetz/persistence';
import { v5 as uuidv5 } from 'uuid';

/** Fixed ids: seeding twice appends nothing new (the stream exists) and never two keys. */
const DEMO_NAMESPACE = '4a0f5d1e-8c3b-4f7a-9e21-6b5c0d7e3f10';
const COORDINATOR = {
  actorId: 'u-ja-0400',
  actorRole: 'network_coordinator',
  organisationId: 'org-jugendamt-lindenau',
};

/**
 * The demo network for `npm start` (libs/domain demo-network.ts), written as the coordinating
 * office would through the API: every fact an event on the network's stream, the Hebammendienst's
 * contact sealed under a key of their own. Runs after the migrations; a stream that exists is left
 * as it is (the demo may have been changed through the app since).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const ds = await createDataSource(config.DATABASE_URL, {
    poolSize: 2,
    applicationName: 'hilfenetz-seed',
  }).initialize();
  try {
    const store = new PostgresEventStore(ds);
    const stream = networkStreamId(demoNetwork.networkId);
    if ((await store.readStream(stream)).length > 0) {
      console.log(`demo network ${demoNetwork.networkId} exists; left as it is`);
      return;
    }
    const vault = new PersonalDataVault(ds, masterKeyring(config));
    const at = new Date().toISOString();
    const id = (name: string) => uuidv5(`${demoNetwork.networkId}/${name}`, DEMO_NAMESPACE);
    const event = (name: string, type: string, data: unknown): NewEvent => ({
      eventId: id(name),
      type,
      schemaVersion: 1,
      data,
      metadata: { ...COORDINATOR, correlationId: `seed-${demoNetwork.networkId}` },
    });
    const events: NewEvent[] = [event('founded', 'NetworkFounded', { ...demoNetwork, foundedAt: at })];
    for (const p of demoPartners) {
      const { networkId } = demoNetwork;
      const { organisationId } = p;
      events.push(
        event(`${organisationId}/joined`, 'NetworkPartnerJoined', {
          networkId,
          organisationId,
          profile: p.profile,
          joinedAt: at,
        }),
      );
      if (p.contact) {
        const contactId = `pc-${id(`${organisationId}/contact`)}`;
        const subjectId = `subj-${id(`${organisationId}/contact-subject`)}`;
        await vault.registerSubject(subjectId, contactKeyOwner(contactId));
        events.push(
          event(`${organisationId}/contact`, 'PartnerContactConsented', {
            networkId,
            organisationId,
            contactId,
            subjectId,
            consent: {
              givenOn: p.contact.consentGivenOn,
              scope: ['network_directory', 'coordination_mail'],
              recordedBy: COORDINATOR.actorId,
            },
            details: await vault.seal(subjectId, p.contact.details),
            recordedAt: at,
          }),
        );
      }
      p.offers.forEach((offer, i) => {
        events.push(
          event(`${organisationId}/offer/${i}`, 'NetworkOfferPublished', {
            networkId,
            organisationId,
            offerId: `off-${id(`${organisationId}/offer/${i}`)}`,
            offer,
            publishedAt: at,
          }),
        );
      });
    }
    try {
      await store.append(stream, events, 'no_stream');
      console.log(`demo network ${demoNetwork.networkId}: ${events.length} events`);
    } catch (err) {
      if (!(err instanceof StreamVersionConflict)) throw err;
      console.log(`demo network ${demoNetwork.networkId} was seeded meanwhile`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
