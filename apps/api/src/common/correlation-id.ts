import { randomUUID } from 'node:crypto';

const VALID = /^[A-Za-z0-9._-]{8,128}$/;

/** Takes the caller's X-Correlation-Id when it is well-formed, otherwise makes one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && VALID.test(value) ? value : randomUUID();
}
