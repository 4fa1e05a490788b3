import type { JWTHeaderParameters } from 'jose';
import type { VerifiedToken } from './token-verifier';

/** A verification kept: its result, and the header and key it was checked with. */
export interface KeptVerification {
  verified: VerifiedToken;
  header: JWTHeaderParameters;
  /** The key object the issuer's key set gave for the header; a refetched set gives new ones. */
  key: unknown;
}

/**
 * Tokens already verified, until they expire. A web client sends the same access token with every
 * request for its lifetime (minutes), and an RS256 signature check was the API's largest single
 * cost per request under load (bench:inbox's profile: 1.7 s of 24 s busy). Only what passed every
 * check is kept; a kept token still ends at its own `validUntil`, exactly as a fresh check would
 * end it, and the verifier uses a kept one only while the issuer's key set still gives the same
 * key for it (a deleted or rotated-out key ends its tokens at the next refetch, as before).
 * Bounded: the oldest entry leaves first, so a flood of distinct tokens costs memory once.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, KeptVerification>();

  constructor(private readonly maxEntries = 2_000) {}

  get(token: string, nowMs: number): KeptVerification | undefined {
    const hit = this.entries.get(token);
    if (hit === undefined) return undefined;
    if (nowMs > hit.verified.validUntil) {
      this.entries.delete(token);
      return undefined;
    }
    return hit;
  }

  set(token: string, kept: KeptVerification): void {
    this.entries.delete(token);
    this.entries.set(token, kept);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
