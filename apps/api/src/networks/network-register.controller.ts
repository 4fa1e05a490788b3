import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  annualGoalList,
  annualReportQuery,
  changeGoalStatusRequest,
  changeNetworkWeaknessStatusRequest,
  createdGoal,
  createdWeakness,
  goalIdSchema,
  groupNetworkWeaknessesRequest,
  networkIdSchema,
  networkWeaknessRegister,
  proposeNetworkWeaknessRequest,
  recordNetworkWeaknessRequest,
  setAnnualGoalRequest,
  weaknessIdFormat,
  type AnnualGoalList,
  type GroupNetworkWeaknessesRequest,
  type NetworkWeaknessRegister,
  type Principal,
  type ProposeNetworkWeaknessRequest,
  type SetAnnualGoalRequest,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { annualReportToPdf } from './network-annual-report-pdf';
import { NetworkAnnualReportService } from './network-annual-report.service';
import { networkStaffRoles } from './network-consultations.controller';
import { NetworkGoalsService } from './network-goals.service';
import { NetworkRegisterService } from './network-register.service';

/**
 * The network's register of weaknesses and proposals, its annual goals and the annual report for
 * the committee (issue 17 part 7, ADR 0039). Members read and record; the coordinating office
 * groups, proposes, moves statuses and sets goals.
 */
@Controller('networks/:networkId')
export class NetworkRegisterController {
  constructor(
    private readonly register: NetworkRegisterService,
    private readonly goals: NetworkGoalsService,
    private readonly report: NetworkAnnualReportService,
  ) {}

  @Get('weakness-register')
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 200,
    description: 'The network scope of the register, newest first. Not a member → 403.',
    content: { 'application/json': networkWeaknessRegister },
  })
  list(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NetworkWeaknessRegister> {
    res.setHeader('Cache-Control', 'no-store');
    return this.register.list(networkId, user);
  }

  /** Anyone in the network records a weakness at an interface; identifying text → 400, nothing stored. */
  @Post('weakness-register')
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 201,
    description: 'The new entry (status open).',
    content: { 'application/json': createdWeakness },
  })
  record(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(recordNetworkWeaknessRequest)) body: z.output<typeof recordNetworkWeaknessRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ weaknessId: string }> {
    return this.register.record(networkId, body, user, correlationId);
  }

  @Post('weakness-register/grouping')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async group(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(groupNetworkWeaknessesRequest)) body: GroupNetworkWeaknessesRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.register.group(networkId, body, user, correlationId);
  }

  /** A proposal to the Jugendhilfeausschuss, another committee, or for the next agreement version. */
  @Post('weakness-register/:weaknessId/proposal')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async propose(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('weaknessId', new ZodPipe(weaknessIdFormat, 'path')) weaknessId: string,
    @Body(new ZodPipe(proposeNetworkWeaknessRequest)) body: ProposeNetworkWeaknessRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.register.propose(networkId, weaknessId, body, user, correlationId);
  }

  @Post('weakness-register/:weaknessId/status')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async changeStatus(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('weaknessId', new ZodPipe(weaknessIdFormat, 'path')) weaknessId: string,
    @Body(new ZodPipe(changeNetworkWeaknessStatusRequest)) body: z.infer<typeof changeNetworkWeaknessStatusRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.register.changeStatus(networkId, weaknessId, body.status, user, correlationId);
  }

  @Get('annual-goals')
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 200,
    description: 'The annual goals, newest year first.',
    content: { 'application/json': annualGoalList },
  })
  listGoals(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @CurrentUser() user: Principal,
  ): Promise<AnnualGoalList> {
    return this.goals.list(networkId, user);
  }

  @Post('annual-goals')
  @AllowRoles('network_coordinator')
  @DocumentResponse({
    status: 201,
    description: 'The new goal (status planned).',
    content: { 'application/json': createdGoal },
  })
  setGoal(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(setAnnualGoalRequest)) body: SetAnnualGoalRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ goalId: string }> {
    return this.goals.set(networkId, body, user, correlationId);
  }

  @Post('annual-goals/:goalId/status')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async changeGoalStatus(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('goalId', new ZodPipe(goalIdSchema, 'path')) goalId: string,
    @Body(new ZodPipe(changeGoalStatusRequest)) body: z.infer<typeof changeGoalStatusRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.goals.changeStatus(networkId, goalId, body.status, user, correlationId);
  }

  /** The annual report for the committee as a PDF: counts only, nothing identifying. */
  @Get('annual-report')
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 200,
    description: 'The year’s counts as a PDF (Content-Disposition: attachment). Not a member → 403.',
    content: { 'application/pdf': z.string().describe('binary') },
  })
  async annualReport(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Query(new ZodPipe(annualReportQuery, 'query')) query: z.infer<typeof annualReportQuery>,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const figures = await this.report.figures(networkId, query.year, user);
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(`jahresbericht-${networkId}-${query.year}.pdf`);
    res.type('application/pdf');
    return new StreamableFile(await annualReportToPdf(figures), { type: 'application/pdf' });
  }
}
