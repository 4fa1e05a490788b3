// The one entry point the workflow bundler starts from: every workflow family the worker runs.
export * from '@hilfenetz/workflow-crisis';
export * from '@hilfenetz/workflow-hilfeplanung';
export * from '@hilfenetz/workflow-break-glass-review';
export * from '@hilfenetz/workflow-risk-assessment';
export * from '@hilfenetz/workflow-kkg-feedback';
export * from '@hilfenetz/workflow-network';
