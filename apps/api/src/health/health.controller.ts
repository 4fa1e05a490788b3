import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { PublicEndpoint } from '../auth/access.decorators';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../infrastructure/tokens';

@Controller()
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @PublicEndpoint()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: Postgres and Temporal answer. */
  @Get('ready')
  @PublicEndpoint()
  async ready(): Promise<{ status: 'ready'; postgres: 'ok'; temporal: 'ok' }> {
    try {
      await this.ds.query('SELECT 1');
      await this.temporal.workflowService.getSystemInfo({});
    } catch (err) {
      throw new ServiceUnavailableException(`not ready: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { status: 'ready', postgres: 'ok', temporal: 'ok' };
  }
}
