import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const icons = path.join(root, 'resources', 'icons');

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(file: string): [number, number] {
  const data = readFileSync(file);
  expect(data.subarray(0, 8).toString('hex'), file).toBe('89504e470d0a1a0a');
  expect(data.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('icons', () => {
  it('has the tray icons the shell loads, at their sizes', () => {
    expect(pngSize(path.join(icons, 'tray-16.png'))).toEqual([16, 16]);
    expect(pngSize(path.join(icons, 'tray-16@2x.png'))).toEqual([32, 32]);
    expect(pngSize(path.join(icons, 'tray-22.png'))).toEqual([22, 22]);
    expect(pngSize(path.join(icons, 'tray-32.png'))).toEqual([32, 32]);
  });

  it('has the app icon set electron-builder packages (Linux NxN.png, 256 for Windows, 512 for macOS)', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(pngSize(path.join(icons, 'app', `${size}x${size}.png`))).toEqual([size, size]);
    const builder = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const iconPaths = [...builder.matchAll(/^\s+icon: (\S+)$/gm)].map((m) => m[1]!);
    expect(iconPaths.length).toBeGreaterThanOrEqual(3);
    for (const rel of iconPaths) expect(() => readFileSync(path.join(root, rel, rel.endsWith('.png') ? '' : '256x256.png')), rel).not.toThrow();
  });

  it('keeps the SVG source beside the PNGs', () => {
    expect(readFileSync(path.join(icons, 'icon.svg'), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 256 256"/);
  });
});
