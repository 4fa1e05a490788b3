#!/usr/bin/env node
/**
 * Draws the installable app's icons (apps/web/public/icons/*.png) from the favicon's shape: the
 * white "H" on the primary blue. Written as PNG with Node's zlib alone, so no image tool and no
 * download is needed; run it again only when the shape or colour changes (the PNGs are committed).
 *
 *   node apps/web/scripts/make-icons.mjs
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const BLUE = [0x0b, 0x4f, 0x8a];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * One icon of `size` pixels. `padding` is the share of each side left as plain background: the
 * maskable variant keeps the "H" inside the central 80 % that every launcher mask shows.
 */
function icon(size, { padding, rounded }) {
  // The favicon's geometry on a 32-unit grid: bars at x 9 and 23 from y 8 to 24, the bridge at y 16.
  const inner = size * (1 - 2 * padding);
  const unit = inner / 32;
  const offset = size * padding;
  const radius = rounded ? 6 * (size / 32) : 0;
  const inH = (x, y) => {
    const u = (x - offset) / unit;
    const v = (y - offset) / unit;
    const half = 3.5 / 2;
    const bar = (cx) => Math.abs(u - cx) <= half && v >= 8 - half && v <= 24 + half;
    const bridge = u >= 9 && u <= 23 && Math.abs(v - 16) <= half;
    return bar(9) || bar(23) || bridge;
  };
  const outsideCorner = (x, y) => {
    if (!radius) return false;
    const cx = x < radius ? radius : x > size - radius ? size - radius : x;
    const cy = y < radius ? radius : y > size - radius ? size - radius : y;
    return (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2;
  };
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const [r, g, b] = inH(px, py) ? WHITE : BLUE;
      const a = outsideCorner(px, py) ? 0 : 255;
      row.set([r, g, b, a], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
const files = {
  'icon-192.png': icon(192, { padding: 0, rounded: true }),
  'icon-512.png': icon(512, { padding: 0, rounded: true }),
  'icon-maskable-512.png': icon(512, { padding: 0.1, rounded: false }),
  'apple-touch-icon-180.png': icon(180, { padding: 0, rounded: false }),
};
for (const [name, png] of Object.entries(files)) {
  writeFileSync(path.join(OUT, name), png);
  console.log(`${path.relative(process.cwd(), path.join(OUT, name))} (${png.length} bytes)`);
}
