/** One log line -> styled spans (anser does the ANSI parsing). */
import Anser from 'anser';
import type { CSSProperties } from 'react';

export interface Span {
  text: string;
  style?: CSSProperties;
}

export function ansiSpans(line: string): Span[] {
  if (!line.includes('\x1b')) return [{ text: line }];
  return Anser.ansiToJson(line, { json: true, remove_empty: true }).map((part) => {
    const style: CSSProperties = {};
    if (part.fg) style.color = `rgb(${part.fg})`;
    if (part.bg) style.backgroundColor = `rgb(${part.bg})`;
    const decorations = part.decorations ?? [];
    if (decorations.includes('bold')) style.fontWeight = 700;
    if (decorations.includes('dim')) style.opacity = 0.7;
    if (decorations.includes('italic')) style.fontStyle = 'italic';
    const lines = [decorations.includes('underline') ? 'underline' : '', decorations.includes('strikethrough') ? 'line-through' : ''].filter(Boolean);
    if (lines.length) style.textDecoration = lines.join(' ');
    if (decorations.includes('hidden')) style.visibility = 'hidden';
    return Object.keys(style).length ? { text: part.content, style } : { text: part.content };
  });
}
