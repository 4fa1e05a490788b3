import { Controller, Get, Query, Req } from '@nestjs/common';
import {
  publicOfferListSchema,
  publicOfferQuery,
  type PublicOfferList,
  type PublicOfferQuery,
} from '@hilfenetz/contracts';
import type { Request } from 'express';
import { PublicEndpoint } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentProblems, DocumentResponse } from '../openapi/response-schema.decorator';
import { PublicOffersService } from './public-offers.service';

/**
 * The public offer page's API (issue 17 part 3): no login, for families and professionals. The
 * only public route family that reads data; it answers with offers and institutions only, and is
 * limited per address.
 */
@Controller('public/offers')
export class PublicOffersController {
  constructor(private readonly offers: PublicOffersService) {}

  @Get()
  @PublicEndpoint()
  @DocumentProblems(429)
  @DocumentResponse({
    status: 200,
    description:
      'The current partners’ offers matching the filters, with network and institution; nothing about a person.',
    content: { 'application/json': publicOfferListSchema },
  })
  list(
    @Query(new ZodPipe(publicOfferQuery, 'query')) query: PublicOfferQuery,
    @Req() req: Request,
  ): Promise<PublicOfferList> {
    return this.offers.list(query, `ip:${req.ip ?? 'unknown'}`);
  }
}
