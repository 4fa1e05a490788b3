import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import {
  annotateInterfaceItemRequest,
  interfaceItem,
  interfaceItemIdSchema,
  interfaceItemList,
  interfaceItemsQuery,
  type AnnotateInterfaceItemRequest,
  type InterfaceItem,
  type InterfaceItemList,
  type InterfaceItemsQuery,
  type Principal,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { InterfaceItemsService } from './interface-items.service';

/**
 * The error analysis at the interfaces (issue 18 §3): the lead office lists the escalations,
 * declines and contacts not reached of its own cases and names their causes.
 */
@Controller('quality-annotations')
export class InterfaceItemsController {
  constructor(private readonly items: InterfaceItemsService) {}

  /** The caller's office's items of the agreement in the months from..to, newest first (logged per case). */
  @Get('items')
  @AllowRoles('supervisor', 'caseworker')
  @DocumentResponse({
    status: 200,
    description:
      'Items of the lead office’s own cases; another organisation than a youth office of the agreement → 403.',
    content: { 'application/json': interfaceItemList },
  })
  list(
    @Query(new ZodPipe(interfaceItemsQuery, 'query')) query: InterfaceItemsQuery,
    @CurrentUser() user: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InterfaceItemList> {
    res.setHeader('Cache-Control', 'no-store');
    return this.items.list(query, user, correlationId);
  }

  /** Names (or renames) the cause of an item; a note that looks identifying is refused, nothing stored. */
  @Put('items/:itemId')
  @AllowRoles('supervisor', 'caseworker')
  @DocumentResponse({
    status: 200,
    description:
      'The annotated item. Identifying note or unknown category → 400 naming the field; another office’s or an unknown item → 404.',
    content: { 'application/json': interfaceItem },
  })
  annotate(
    @Param('itemId', new ZodPipe(interfaceItemIdSchema, 'path')) itemId: string,
    @Body(new ZodPipe(annotateInterfaceItemRequest)) body: AnnotateInterfaceItemRequest,
    @CurrentUser() user: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<InterfaceItem> {
    return this.items.annotate(itemId, body, user, correlationId);
  }
}
