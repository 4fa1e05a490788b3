/**
 * `true` when A and B are the same type both ways, `false` otherwise. A response schema (what the
 * OpenAPI document says) is pinned to the interface clients import with
 * `const _same: SameShape<z.infer<typeof schema>, Type> = true;`: the two cannot drift apart
 * without a compile error.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
