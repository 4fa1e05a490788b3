import { decodeCursor, encodeCursor } from './timeline-cursor';

describe('timeline page cursors', () => {
  it('continue after the stream version they were made from', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
  });

  it('refuse anything this API did not hand out', () => {
    expect(decodeCursor('42')).toBeNull();
    expect(decodeCursor(Buffer.from('v1:-1').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('v2:5').toString('base64url'))).toBeNull();
  });
});
