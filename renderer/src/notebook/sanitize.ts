/**
 * What a notebook brings to the page goes through DOMPurify first: markdown rendered by marked,
 * HTML outputs (pandas tables), SVG. Scripts, event handlers and javascript: links are removed;
 * the page's CSP would block scripts anyway, this keeps the markup itself harmless.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function markdownHtml(source: string): string {
  return DOMPurify.sanitize(marked.parse(source, { async: false, gfm: true }));
}

export function safeHtml(html: string): string {
  return DOMPurify.sanitize(html);
}

/** An SVG output as an image URL: sanitized, then shown through <img>, where nothing in it can run. */
export function svgDataUrl(svg: string): string {
  const clean = DOMPurify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(clean)}`;
}
