// Commands are wire shapes (workflow → activity), so they live in the contracts.
export type { CrisisCommand } from '@hilfenetz/contracts';
