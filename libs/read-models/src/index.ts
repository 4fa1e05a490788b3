export * from './case-facts/case-facts.table';
export * from './case-facts/case-facts.repository';
