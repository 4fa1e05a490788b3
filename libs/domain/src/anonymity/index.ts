export * from './identifying-text';
