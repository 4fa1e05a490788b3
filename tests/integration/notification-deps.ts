import type { NotificationDeps } from '@hilfenetz/activities';
import { parseMasterKey, PersonalDataVault, type PostgresEventStore } from '@hilfenetz/event-store';
import type { NotificationChannel } from '@hilfenetz/notifications';
import { GuardianCodeStore } from '@hilfenetz/persistence';
import type { DataSource } from 'typeorm';

/**
 * The notification activity's real dependencies over the test database. The channels are the
 * test's choice: none configured means every message outside the app is "not configured", as in a
 * deployment without SMTP or SMS gateway.
 */
export function notificationDeps(
  ds: DataSource,
  store: PostgresEventStore,
  channels: NotificationChannel[] = [],
): NotificationDeps {
  const masterKey = process.env.PERSONAL_DATA_MASTER_KEY;
  if (!masterKey) throw new Error('PERSONAL_DATA_MASTER_KEY is not set: run the tests through `npm test`');
  return {
    eventStore: store,
    vault: new PersonalDataVault(ds, parseMasterKey(masterKey)),
    channels,
    guardianCodes: GuardianCodeStore.fromMasterKey(ds, masterKey),
    appUrl: 'http://127.0.0.1:5173',
  };
}
