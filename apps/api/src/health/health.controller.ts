import { Controller, Get, Inject, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { PublicEndpoint } from '../auth/access.decorators';
import { ProblemException } from '../common/problem-details.filter';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { DocumentProblems, DocumentResponse } from '../openapi/response-schema.decorator';

type DependencyStatus = 'ok' | 'unavailable';

/** The answers as the OpenAPI document describes them (only this controller builds them). */
export const healthResponseSchema = z.object({ status: z.literal('ok') }).strict();
export type HealthResponse = z.infer<typeof healthResponseSchema>;
export const readyResponseSchema = z
  .object({ status: z.literal('ready'), postgres: z.literal('ok'), temporal: z.literal('ok') })
  .strict();
export type ReadyResponse = z.infer<typeof readyResponseSchema>;

@Controller()
export class HealthController {
  private readonly logger = new Logger('Readiness');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @PublicEndpoint()
  @DocumentResponse({
    status: 200,
    description: 'The process answers.',
    content: { 'application/json': healthResponseSchema },
  })
  health(): HealthResponse {
    return { status: 'ok' };
  }

  /**
   * Readiness: Postgres and Temporal answer. Public, so it names only which dependency is down:
   * a connection error carries host names, ports, user names and versions, which go to the log.
   */
  @Get('ready')
  @PublicEndpoint()
  @DocumentProblems(503)
  @DocumentResponse({
    status: 200,
    description: 'Postgres and Temporal answer.',
    content: { 'application/json': readyResponseSchema },
  })
  async ready(): Promise<ReadyResponse> {
    const [postgres, temporal] = await Promise.all([
      this.check('postgres', () => this.ds.query('SELECT 1')),
      this.check('temporal', () => this.temporal.workflowService.getSystemInfo({})),
    ]);
    if (postgres !== 'ok' || temporal !== 'ok') {
      throw new ProblemException(503, 'Not ready', 'A dependency of the API does not answer.', [], {
        dependencies: { postgres, temporal },
      });
    }
    return { status: 'ready', postgres, temporal };
  }

  private async check(name: string, probe: () => Promise<unknown>): Promise<DependencyStatus> {
    try {
      await probe();
      return 'ok';
    } catch (err) {
      this.logger.warn(`${name} not ready: ${err instanceof Error ? err.message : String(err)}`);
      return 'unavailable';
    }
  }
}
