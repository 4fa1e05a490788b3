import { BreakGlassReviewEscalationsProjection } from './break-glass-review-escalations.projection';
import { CaseDirectoryProjection } from './case-directory.projection';
import { CaseFactsProjection } from './case-facts.projection';
import { CaseTaskSlaProjection } from './case-task-sla.projection';
import { CrisisBoardProjection } from './crisis-board.projection';
import { NetworkConsultationsProjection } from './network-consultations.projection';
import { NetworkDirectoryProjection } from './network-directory.projection';
import { NetworkReferralsProjection } from './network-referrals.projection';
import type { Projection } from './projection';
import { QualityCauseFactsProjection } from './quality-cause-facts.projection';
import { QualityFactsProjection } from './quality-facts.projection';
import { QualityInterfaceItemsProjection } from './quality-interface-items.projection';
import { TaskInboxProjection } from './task-inbox.projection';
import { TimelineProjection } from './timeline.projection';
import { WeaknessRegisterProjection } from './weakness-register.projection';

/** Every read model the projector maintains; `projections:rebuild` rebuilds each of them. */
export function allProjections(): Projection[] {
  return [
    new TimelineProjection(),
    new CaseTaskSlaProjection(),
    new TaskInboxProjection(),
    new CaseDirectoryProjection(),
    new CaseFactsProjection(),
    new BreakGlassReviewEscalationsProjection(),
    new CrisisBoardProjection(),
    new NetworkDirectoryProjection(),
    new NetworkConsultationsProjection(),
    new NetworkReferralsProjection(),
    new QualityFactsProjection(),
    new QualityInterfaceItemsProjection(),
    new QualityCauseFactsProjection(),
    new WeaknessRegisterProjection(),
  ];
}
