import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { NetworkConsultationsController } from './network-consultations.controller';
import { NetworkConsultationsService } from './network-consultations.service';
import { NetworkAnnualReportService } from './network-annual-report.service';
import { NetworkGoalsService } from './network-goals.service';
import { NetworkMembershipService } from './network-membership.service';
import { NetworkRegisterController } from './network-register.controller';
import { NetworkRegisterService } from './network-register.service';
import { NetworkReferralWorkflow } from './network-referral-workflow.service';
import { NetworkReferralsController } from './network-referrals.controller';
import { NetworkReferralsService } from './network-referrals.service';
import { NetworkOffersService } from './network-offers.service';
import { NetworkReadsService } from './network-reads.service';
import { NetworkStreamService } from './network-stream.service';
import { NetworksController } from './networks.controller';
import { PartnerContactsService } from './partner-contacts.service';
import { PublicOffersController } from './public-offers.controller';
import { PublicOffersService } from './public-offers.service';

/** The network itself: networks, partners, named contacts with consent, offers, the public offer page. */
@Module({
  // The signed agreement versions a partner's profile may name.
  imports: [AgreementsModule],
  controllers: [
    NetworksController,
    PublicOffersController,
    NetworkConsultationsController,
    NetworkReferralsController,
    NetworkRegisterController,
  ],
  providers: [
    NetworkStreamService,
    NetworkMembershipService,
    PartnerContactsService,
    NetworkOffersService,
    NetworkReadsService,
    PublicOffersService,
    NetworkConsultationsService,
    NetworkReferralWorkflow,
    NetworkReferralsService,
    NetworkRegisterService,
    NetworkGoalsService,
    NetworkAnnualReportService,
  ],
})
export class NetworksModule {}
