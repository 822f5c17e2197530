import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveAppFile } from './app-protocol.js';
import { projectDirFromArgv } from './argv.js';

const root = path.resolve('/opt/orchest/renderer/dist');

describe('resolveAppFile', () => {
  it('maps app URLs to files of renderer/dist', () => {
    expect(resolveAppFile(root, 'orchest://app/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'orchest://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'orchest://app/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'orchest://app/assets/My%20Font.woff2')).toBe(path.join(root, 'assets', 'My Font.woff2'));
  });

  it('never leaves renderer/dist', () => {
    for (const url of [
      'orchest://app/../../../etc/passwd',
      'orchest://app/%2e%2e/%2e%2e/etc/passwd',
      'orchest://app/assets/..%2F..%2F..%2Fpackage.json',
      'orchest://app/x%00.html',
      'orchest://app/%E0%A4%A',
    ]) {
      const file = resolveAppFile(root, url);
      if (file !== null) expect(file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'orchest://app/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'orchest://app/x%00.html')).toBeNull();
  });

  it('answers nothing for other hosts and schemes', () => {
    expect(resolveAppFile(root, 'orchest://evil/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///opt/orchest/renderer/dist/index.html')).toBeNull();
    expect(resolveAppFile(root, 'https://app/index.html')).toBeNull();
  });

  it('labels content types so module scripts load', () => {
    expect(contentTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeOf('/x/a.js')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('/x/a.css')).toMatch(/^text\/css/);
    expect(contentTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});

describe('projectDirFromArgv', () => {
  it('reads the folder after the app path in a development run', () => {
    expect(projectDirFromArgv(['/usr/bin/electron', 'dist/electron/main.cjs', 'proj'], '/home/u', true)).toBe(path.resolve('/home/u/proj'));
  });
  it('skips Chromium and Playwright switches wherever they are', () => {
    const argv = ['/usr/bin/electron', '--inspect=0', '--remote-debugging-port=0', '/app/dist/electron/main.cjs', '--no-sandbox', '/data/proj'];
    expect(projectDirFromArgv(argv, '/', true)).toBe(path.resolve('/data/proj'));
  });
  it('reads the first argument of a packaged app', () => {
    expect(projectDirFromArgv(['/opt/Orchest Desktop/orchest-desktop', '--allow-file-access-from-files', '../p'], '/home/u/x', false)).toBe(path.resolve('/home/u/p'));
  });
  it('answers null when no folder was named', () => {
    expect(projectDirFromArgv(['/usr/bin/electron', 'dist/electron/main.cjs'], '/', true)).toBeNull();
    expect(projectDirFromArgv(['/opt/orchest'], '/', false)).toBeNull();
  });
});
