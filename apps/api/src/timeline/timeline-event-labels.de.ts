// The labels live in the contracts, shared with the web app.
export { eventLabelDe } from '@hilfenetz/contracts';
