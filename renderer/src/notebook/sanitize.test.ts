// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { pickMime } from './cell-text.js';
import { markdownHtml, safeHtml, svgDataUrl } from './sanitize.js';

describe('what notebooks bring to the page', () => {
  it('renders markdown without scripts or event handlers', () => {
    const html = markdownHtml('# Title\n\n**bold** <img src=x onerror="alert(1)"> <script>alert(2)</script> [x](javascript:alert(3))');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).not.toMatch(/onerror|<script|javascript:/);
  });

  it('keeps a pandas table, drops what could run', () => {
    const html = safeHtml('<table class="dataframe"><tr><td onclick="x()">AA</td></tr></table><iframe src="http://evil"></iframe>');
    expect(html).toContain('<td>AA</td>');
    expect(html).not.toMatch(/onclick|iframe/);
  });

  it('shows SVG as an image, its scripts removed', () => {
    const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="8"/></svg>');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url)).toContain('<circle r="8"');
    expect(decodeURIComponent(url)).not.toContain('script');
  });

  it('picks the richest representation of an output', () => {
    expect(pickMime({ 'text/plain': 'x', 'text/html': '<b>x</b>' })).toBe('text/html');
    expect(pickMime({ 'text/plain': 'x', 'image/png': 'iVBOR' })).toBe('image/png');
    expect(pickMime({ 'application/json': {} })).toBeNull();
  });
});
