// Generates the app and tray icons from one description of the shapes: icon.svg (the source of
// record) and the PNGs rasterised here with zlib, so no image tool is needed.
// Run: node resources/icons/generate.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEW = 256;

// A rounded tile holding a tiny pipeline: two steps feeding a third.
const nodes = { a: [78, 82], b: [78, 174], c: [180, 128] };
const shapes = [
  { kind: 'roundRect', x: 16, y: 16, w: 224, h: 224, r: 52, fill: [79, 70, 229, 255] },
  { kind: 'line', from: nodes.a, to: nodes.c, width: 16, fill: [199, 210, 254, 255] },
  { kind: 'line', from: nodes.b, to: nodes.c, width: 16, fill: [199, 210, 254, 255] },
  { kind: 'circle', at: nodes.a, r: 28, fill: [255, 255, 255, 255] },
  { kind: 'circle', at: nodes.b, r: 28, fill: [255, 255, 255, 255] },
  { kind: 'circle', at: nodes.c, r: 32, fill: [103, 232, 249, 255] },
];

function inside(shape, x, y) {
  switch (shape.kind) {
    case 'circle':
      return (x - shape.at[0]) ** 2 + (y - shape.at[1]) ** 2 <= shape.r ** 2;
    case 'line': {
      // Distance to the segment (a capsule with round caps).
      const [x1, y1] = shape.from;
      const [x2, y2] = shape.to;
      const dx = x2 - x1;
      const dy = y2 - y1;
      const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
      return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= (shape.width / 2) ** 2;
    }
    case 'roundRect': {
      const cx = Math.max(shape.x + shape.r, Math.min(x, shape.x + shape.w - shape.r));
      const cy = Math.max(shape.y + shape.r, Math.min(y, shape.y + shape.h - shape.r));
      return x >= shape.x && x <= shape.x + shape.w && y >= shape.y && y <= shape.y + shape.h && (x - cx) ** 2 + (y - cy) ** 2 <= shape.r ** 2;
    }
    default:
      throw new Error(`unknown shape ${shape.kind}`);
  }
}

/** RGBA pixels at `size`, 4x4 supersampled, shapes composited in order ("over"). */
function rasterize(size) {
  const out = new Uint8Array(size * size * 4);
  const S = 4;
  const scale = VIEW / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0]; // premultiplied, 0..1
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) * scale;
          const y = (py + (sy + 0.5) / S) * scale;
          let [sr, sg, sb, sa] = [0, 0, 0, 0];
          for (const shape of shapes) {
            if (!inside(shape, x, y)) continue;
            const fa = shape.fill[3] / 255;
            sr = (shape.fill[0] / 255) * fa + sr * (1 - fa);
            sg = (shape.fill[1] / 255) * fa + sg * (1 - fa);
            sb = (shape.fill[2] / 255) * fa + sb * (1 - fa);
            sa = fa + sa * (1 - fa);
          }
          r += sr;
          g += sg;
          b += sb;
          a += sa;
        }
      }
      const n = S * S;
      const alpha = a / n;
      const i = (py * size + px) * 4;
      out[i] = alpha ? Math.round((r / n / alpha) * 255) : 0;
      out[i + 1] = alpha ? Math.round((g / n / alpha) * 255) : 0;
      out[i + 2] = alpha ? Math.round((b / n / alpha) * 255) : 0;
      out[i + 3] = Math.round(alpha * 255);
    }
  }
  return out;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function toSvg() {
  const hex = (c) => `#${c.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  const body = shapes.map((s) => {
    if (s.kind === 'circle') return `  <circle cx="${s.at[0]}" cy="${s.at[1]}" r="${s.r}" fill="${hex(s.fill)}"/>`;
    if (s.kind === 'line') return `  <line x1="${s.from[0]}" y1="${s.from[1]}" x2="${s.to[0]}" y2="${s.to[1]}" stroke="${hex(s.fill)}" stroke-width="${s.width}" stroke-linecap="round"/>`;
    return `  <rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${hex(s.fill)}"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${VIEW}" height="${VIEW}" viewBox="0 0 ${VIEW} ${VIEW}">\n  <title>Orchest Desktop</title>\n${body.join('\n')}\n</svg>\n`;
}

function write(rel, data) {
  const file = path.join(here, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`wrote resources/icons/${rel}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  write('icon.svg', toSvg());
  // electron-builder reads a Linux icon set from a folder of NxN.png; macOS and Windows use 512 / 256.
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) write(`app/${size}x${size}.png`, encodePng(size, rasterize(size)));
  // Tray: 22 px on Linux panels, 16 px (+@2x) elsewhere.
  for (const [name, size] of [['tray-16.png', 16], ['tray-16@2x.png', 32], ['tray-22.png', 22], ['tray-32.png', 32]]) write(name, encodePng(size, rasterize(size)));
}
