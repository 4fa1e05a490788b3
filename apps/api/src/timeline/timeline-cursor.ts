/**
 * Page cursors are opaque to clients so the ordering key can change without breaking them. Today
 * it is the stream version of the last entry shown: the timeline is ordered by it, and it never
 * changes for a stored event, so pages neither skip nor repeat while new events arrive.
 */
export function encodeCursor(afterStreamVersion: number): string {
  return Buffer.from(`v1:${afterStreamVersion}`, 'utf8').toString('base64url');
}

/** The stream version to continue after, or null for a cursor this API did not hand out. */
export function decodeCursor(cursor: string): number | null {
  const match = /^v1:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}
