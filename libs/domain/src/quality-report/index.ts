export * from './report-month';
export * from './suppression';
export * from './quality-facts';
export * from './quality-report.aggregate';
export * from './cause-categories';
