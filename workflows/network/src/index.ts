// The workflow bundle's entry point: only workflow functions are exported from here.
// Each network workflow adds its own export line.
export { networkMeetingWorkflow } from './network-meeting.workflow';
export { contactConfirmationWorkflow } from './contact-confirmation.workflow';
export { networkReferralWorkflow } from './referral.workflow';
