// Entry point for clients (the API): message definitions without the workflow code.
export * from './kkg-feedback.messages';
