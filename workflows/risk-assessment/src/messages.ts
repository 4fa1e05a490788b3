// Entry point for clients (the API): message definitions without the workflow code.
export * from './risk-assessment.messages';
