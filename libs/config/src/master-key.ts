/**
 * Why a personal-data master key must not be used in production, or null when it looks like 32
 * random bytes. Not a proof of randomness (nothing can be), but it catches the keys people really
 * deploy by mistake: all zeros, one byte repeated, a counter, a typed passphrase, a key of few
 * distinct bytes. Each check fails for 32 bytes from a CSPRNG with a probability below 10⁻¹²,
 * so a real key is never refused.
 */
export function weakMasterKeyReason(key: Buffer): string | null {
  if (key.length !== 32) return 'is not 32 bytes';
  if (key.every((b) => b === 0)) return 'is all zero bytes';
  if (key.every((b) => b === key[0])) return 'is one byte repeated';
  const step = (key[1]! - key[0]! + 256) % 256;
  if (key.every((b, i) => i === 0 || (b - key[i - 1]! + 256) % 256 === step)) return 'is a sequence of bytes (counter)';
  // 32 random bytes show about 30 distinct values; fewer than 16 happens with probability < 10⁻¹⁵.
  const distinct = new Set(key).size;
  if (distinct < 16) return `has only ${distinct} distinct byte values (low entropy)`;
  // A passphrase or a hex/base64 string taken as the key itself: printable ASCII throughout,
  // (95/256)³² ≈ 10⁻¹⁴ for random bytes.
  if (key.every((b) => b >= 0x20 && b <= 0x7e)) return 'is printable text, not random bytes (a passphrase?)';
  return null;
}
