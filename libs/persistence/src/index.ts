export * from './data-source';
export * from './entities/timeline-entry.entity';
