import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { ZodTypeAny, z } from 'zod';
import { ProblemException } from './problem-details.filter';

/** Validates a request part against a contract schema; unknown fields are refused (schemas are strict). */
@Injectable()
export class ZodPipe<S extends ZodTypeAny> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    readonly schema: S,
    readonly where: 'body' | 'path' | 'query' = 'body',
  ) {}

  transform(value: unknown, meta?: ArgumentMetadata): z.infer<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    // For a single path or query parameter Nest tells us its name; a body's fields come from zod.
    const base = this.where === 'body' || !meta?.data ? [this.where] : [this.where, meta.data];
    const errors = parsed.error.issues.map((i) => ({
      field: [...base, ...i.path].join('.'),
      reason: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
    }));
    throw new ProblemException(400, 'Invalid request', `The request ${this.where} is invalid.`, errors);
  }
}
