// Entry point for clients (the API): message definitions without the workflow code.
// Each network workflow adds its own export line.
export * from './network-meeting.messages';
export * from './contact-confirmation.messages';
export * from './referral.messages';
