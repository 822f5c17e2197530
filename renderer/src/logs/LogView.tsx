import './logs.css';
import { Fragment, memo, useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ansiSpans } from './ansi-spans.js';
import { fileRefs } from './file-refs.js';
import { cutNoteAt, type LogBuffer } from './log-buffer.js';
import { bottomScrollTop, visibleWindow } from './log-window.js';

export const LOG_ROW_HEIGHT = 18;
// Before the first measurement (and in jsdom, which has no layout).
const FALLBACK_VIEWPORT = 300;
// Drawing a megabyte-long line would stall the page; the file has it whole.
const MAX_LINE_SHOWN = 20_000;

/** Links from a log to the files it names: which are project files, and opening one at a line. */
export interface LogFileLinks {
  /** The project-relative path of a file a line names, or null when it is not in the project. */
  resolve(file: string): string | null;
  open(projectPath: string, line: number): void;
}

/** A span's text with the project files it names as buttons that open them in the editor. */
function withLinks(text: string, links: LogFileLinks | undefined): ReactNode {
  if (!links) return text;
  const refs = fileRefs(text)
    .map((r) => ({ ...r, path: links.resolve(r.file) }))
    .filter((r): r is typeof r & { path: string } => r.path !== null);
  if (!refs.length) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const r of refs) {
    parts.push(text.slice(at, r.start));
    parts.push(
      <button key={r.start} type="button" className="log-file-link" title={`Open ${r.path} at line ${r.line} in your editor`} onClick={() => links.open(r.path, r.line)}>
        {text.slice(r.start, r.end)}
      </button>,
    );
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts;
}

const LogLine = memo(function LogLine({ line, links }: { line: string; links?: LogFileLinks | undefined }) {
  // A line the buffer cut ends with a note saying so; one longer than is drawn, with how much more.
  const noteAt = cutNoteAt(line);
  const text = noteAt === -1 ? line : line.slice(0, noteAt);
  const clipped = text.length > MAX_LINE_SHOWN;
  const spans = ansiSpans(clipped ? text.slice(0, MAX_LINE_SHOWN) : text);
  return (
    <div className="log-line">
      {spans.map((s, i) => (s.style ? <span key={i} style={s.style}>{withLinks(s.text, links)}</span> : <Fragment key={i}>{withLinks(s.text, links)}</Fragment>))}
      {clipped ? <span className="log-clipped"> … {text.length - MAX_LINE_SHOWN} more characters (see the log file)</span> : null}
      {noteAt !== -1 ? <span className="log-clipped">{line.slice(noteAt)}</span> : null}
      {'\n'}
    </div>
  );
});

export interface LogViewProps {
  buffer: LogBuffer;
  /** Changes whenever the buffer does. */
  version: number;
  /** Keep the last line in view as lines come. */
  follow: boolean;
  /** The user scrolled away from the end (false) or back to it (true). */
  onFollowChange: (follow: boolean) => void;
  label?: string;
  placeholder?: ReactNode;
  rowHeight?: number;
  /** Make the project files lines name (tracebacks) open in the editor. Keep it stable (useMemo). */
  links?: LogFileLinks;
}

/**
 * A virtualized log: only the lines in view (plus a few) are in the DOM, so a million lines scroll
 * like ten. Rows have a fixed height and do not wrap (scroll sideways for long lines).
 */
export function LogView({ buffer, version, follow, onFollowChange, label = 'Step log', placeholder, rowHeight = LOG_ROW_HEIGHT, links }: LogViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [measured, setMeasured] = useState(0);
  const lineCount = buffer.lineCount;
  const dropped = buffer.droppedLines;
  const lastDropped = useRef(dropped);
  // The scrollTop this view set itself (following): its scroll event needs no render.
  const setByUs = useRef(-1);
  const viewport = measured || FALLBACK_VIEWPORT;
  // Following, the window is the end: known without waiting for the scroll (one render per batch).
  const top = follow ? bottomScrollTop(lineCount, rowHeight, viewport) : scrollTop;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setMeasured(el.clientHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Before paint: follow the end, or keep the same lines in view when old ones were dropped.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (follow) {
      el.scrollTop = top;
      setByUs.current = el.scrollTop;
    } else if (dropped !== lastDropped.current) {
      const next = Math.max(0, el.scrollTop - (dropped - lastDropped.current) * rowHeight);
      el.scrollTop = next;
      setScrollTop(next);
    } else if (el.scrollTop !== scrollTop) setScrollTop(el.scrollTop); // following just ended: stay where the end was
    lastDropped.current = dropped;
  }, [version, follow, top, scrollTop, dropped, rowHeight]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    if (follow && el.scrollTop === setByUs.current) return;
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight / 2;
    setScrollTop(el.scrollTop);
    if (atEnd !== follow) onFollowChange(atEnd);
  }, [follow, onFollowChange, rowHeight]);

  const win = visibleWindow({ lineCount, rowHeight, scrollTop: top, viewportHeight: viewport });
  const rows: ReactNode[] = [];
  // Keyed by line (counted from the first ever held): a row renders once, and a batch of new lines
  // renders only those (old lines' ANSI and file links are not parsed again).
  for (let i = win.start; i < win.end; i++) rows.push(<LogLine key={dropped + i} line={buffer.line(i)} links={links} />);

  return (
    <div ref={ref} className="log-view" role="log" aria-label={label} tabIndex={0} onScroll={onScroll}>
      <div className="log-content" style={{ height: win.contentHeight }}>
        <div className="log-lines" style={{ transform: `translateY(${win.offsetTop}px)`, lineHeight: `${rowHeight}px` }}>
          {rows}
        </div>
      </div>
      {lineCount === 0 && placeholder ? <div className="log-placeholder">{placeholder}</div> : null}
    </div>
  );
}
