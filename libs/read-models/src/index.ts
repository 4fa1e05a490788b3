export * from './case-facts/case-facts.table';
export * from './case-facts/case-facts.repository';
export * from './agreements/agreement-versions.repository';
export * from './crisis-board/crisis-board.repository';
export * from './quality-facts/quality-facts.repository';
export * from './in-app-reach/in-app-reach.repository';
export * from './in-app-reach/recorded-receipts.overlay';
