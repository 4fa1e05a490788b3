import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@hilfenetz/config';
import { Client } from 'pg';
import { Subject, type Observable } from 'rxjs';
import { filter } from 'rxjs/operators';
import { APP_CONFIG } from '../infrastructure/tokens';

/**
 * One LISTEN connection per API process on `hilfenetz_task_inbox` (the projector's writes notify
 * it with the organisation id), fanned out to every open inbox stream of that organisation.
 */
@Injectable()
export class InboxChanges implements OnModuleDestroy {
  private readonly logger = new Logger('InboxChanges');
  private readonly changes = new Subject<string>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  forOrganisation(organisationId: string): Observable<string> {
    void this.ensureListening();
    return this.changes.pipe(filter((org) => org === organisationId));
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client({
        connectionString: this.config.DATABASE_URL,
        application_name: 'hilfenetz-api-inbox',
      });
      client.on('notification', (n) => n.payload && this.changes.next(n.payload));
      client.on('error', (err) => {
        this.logger.warn(`inbox listener lost: ${err.message}; reconnecting`);
        this.client = null;
        setTimeout(() => void this.ensureListening(), 1_000);
      });
      try {
        await client.connect();
        await client.query('LISTEN hilfenetz_task_inbox');
        this.client = client;
      } catch (err) {
        this.logger.warn(`inbox listener failed: ${err instanceof Error ? err.message : String(err)}`);
        setTimeout(() => void this.ensureListening(), 2_000);
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.changes.complete();
    await this.client?.end().catch(() => undefined);
  }
}
