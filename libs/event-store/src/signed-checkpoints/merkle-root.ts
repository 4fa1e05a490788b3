import { createHash } from 'node:crypto';

/**
 * The Merkle tree hash of RFC 6962 (§2.1, also RFC 9162): leaves hashed with a 0x00 prefix, inner
 * nodes with 0x01, the left subtree always the largest power of two. The domain prefixes keep a
 * leaf from passing as an inner node; the fixed shape lets a single stream's head be proven later
 * with an audit path, without the other heads. The tree of no leaves is SHA-256 of nothing.
 */
export function merkleLeafHash(leaf: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf)
    .digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

/** The root over the leaves' hashes (`merkleLeafHash`), in the order given, as hex. */
export function merkleRootOfLeafHashes(leafHashes: readonly Buffer[]): string {
  if (leafHashes.length === 0) return createHash('sha256').digest('hex');
  return subtree(leafHashes, 0, leafHashes.length).toString('hex');
}

function subtree(h: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return h[from]!;
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHash(subtree(h, from, from + k), subtree(h, from + k, to));
}
