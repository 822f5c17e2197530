/**
 * A step's log as lines, for a virtualized view: lines live in fixed-size blocks (never one huge
 * string), a chunk may end mid-line (the rest comes with the next chunk), and memory is capped by
 * dropping the oldest blocks (the log file keeps everything). Pure, no DOM.
 */

const SGR = /\x1b\[([0-9;]*)m/g;
const MAX_CARRIED = 16;
const noneOpen: readonly string[] = [];

/**
 * Colour codes still open at the end of `line`, after those open at its start (`carried`): a line
 * starts with them so a colour set on one line and reset lines later colours those lines too.
 */
export function openSgrAfter(carried: readonly string[], line: string): readonly string[] {
  const last = line.lastIndexOf('\x1b[');
  if (last === -1) return carried;
  // The common case, a line that ends its colours with a reset: nothing stays open.
  if (line.startsWith('\x1b[0m', last) || line.startsWith('\x1b[m', last)) return noneOpen;
  let open = [...carried];
  for (const match of line.matchAll(SGR)) {
    const codes = match[1] === '' ? ['0'] : match[1]!.split(';');
    // A reset (0) clears everything before it; 38/48 (extended colours) take 2 or 4 arguments.
    let lastReset = -1;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code === '38' || code === '48') i += codes[i + 1] === '5' ? 2 : codes[i + 1] === '2' ? 4 : 0;
      else if (code === '0' || code === '') lastReset = i;
    }
    if (lastReset >= 0) {
      open = [];
      const rest = codes.slice(lastReset + 1);
      if (rest.length) open.push(`\x1b[${rest.join(';')}m`);
    } else open.push(match[0]);
  }
  return open.length > MAX_CARRIED ? open.slice(-MAX_CARRIED) : open;
}

// Window titles and hyperlinks (OSC): not text. Colours stay; anser styles them, other CSI it drops.
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** What a terminal shows of a line: a carriage return (progress bars) starts it over. */
export function visibleText(raw: string): string {
  if (raw.includes('\x1b]')) raw = raw.replace(OSC, '');
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const cr = line.lastIndexOf('\r');
  return cr === -1 ? line : line.slice(cr + 1);
}

/** What ends a line the pane cut (the text of the note is what a copy of the line gets too). */
export function cutNote(maxLineChars: number): string {
  return ` … [line cut at ${Math.round(maxLineChars / 1024)} KB: the log file has all of it]`;
}
const CUT_NOTE = / … \[line cut at \d+ KB: the log file has all of it\]$/;

/** Where the cut note of a cut line starts, or -1. */
export function cutNoteAt(line: string): number {
  return line.endsWith(']') ? (CUT_NOTE.exec(line)?.index ?? -1) : -1;
}

/** A copy that holds none of the (maybe megabytes long) string it was cut from. */
const detached = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

export interface LogBufferOptions {
  /** Keep about this many characters; older lines are dropped (whole blocks). */
  maxChars?: number;
  blockLines?: number;
  /** A line longer than this is cut there, with a note (a binary blob, a 10 MB JSON); the rest of
   * it, to its newline, is skipped: the pane stays light and keeps the lines around it. */
  maxLineChars?: number;
}

export const DEFAULT_MAX_CHARS = 8 * 1024 * 1024;
export const DEFAULT_MAX_LINE_CHARS = 16 * 1024;

export class LogBuffer {
  readonly maxChars: number;
  private readonly blockLines: number;
  private readonly maxLineChars: number;
  private blocks: string[][] = [];
  private blockChars: number[] = [];
  private chars = 0;
  private partial = '';
  /** Skipping the rest of a line that was cut, up to its newline. */
  private skipping = false;
  private carried: readonly string[] = [];
  private dropped = 0;
  private droppedCharCount = 0;

  constructor(options: LogBufferOptions = {}) {
    this.maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    this.blockLines = options.blockLines ?? 1024;
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  }

  /** Lines held, the unfinished last one included. */
  get lineCount(): number {
    const full = this.blocks.length ? (this.blocks.length - 1) * this.blockLines + this.blocks[this.blocks.length - 1]!.length : 0;
    return full + (this.partial ? 1 : 0);
  }

  /** Lines dropped from the front to stay under the cap (they are still in the log file). */
  get droppedLines(): number {
    return this.dropped;
  }

  get droppedChars(): number {
    return this.droppedCharCount;
  }

  /** Characters held. */
  get size(): number {
    return this.chars + this.partial.length;
  }

  /** Line `index` (0 = oldest kept), with the colours open at its start. */
  line(index: number): string {
    const block = Math.floor(index / this.blockLines);
    if (block < this.blocks.length) {
      const text = this.blocks[block]![index % this.blockLines];
      if (text !== undefined) return text;
    }
    if (this.partial && index === this.lineCount - 1) return this.carried.join('') + visibleText(this.partial);
    return '';
  }

  append(text: string): void {
    if (this.skipping) {
      const end = text.indexOf('\n');
      if (end === -1) return;
      this.skipping = false;
      text = text.slice(end + 1);
    }
    if (!text) return;
    if (text.length > this.maxChars) text = this.skipFront(text);
    const pieces = text.split('\n');
    pieces[0] = this.partial + pieces[0];
    this.partial = pieces.pop()!;
    for (const piece of pieces) this.push(piece);
    if (this.partial.length > this.maxLineChars) {
      // A progress bar redraws its line (\r): only its last drawing counts.
      const cr = this.partial.lastIndexOf('\r', this.partial.length - 2);
      if (cr !== -1) this.partial = this.partial.slice(cr + 1);
      if (this.partial.length > this.maxLineChars) {
        this.push(this.partial);
        this.partial = '';
        this.skipping = true;
      }
    }
    this.trim();
  }

  /**
   * A text longer than the cap: what is held and the text's front would be dropped anyway, so they
   * are counted, not split into lines (a fast step can print far more than the pane keeps).
   */
  private skipFront(text: string): string {
    const cut = text.indexOf('\n', text.length - this.maxChars - 1);
    if (cut === -1) return text;
    let lines = 0;
    for (let at = text.indexOf('\n'); at !== -1 && at <= cut; at = text.indexOf('\n', at + 1)) lines++;
    const heldLines = this.lineCount - (this.partial ? 1 : 0);
    const droppedLines = this.dropped + heldLines + lines;
    const droppedChars = this.droppedCharCount + this.chars + this.partial.length + cut + 1;
    this.clear();
    this.dropped = droppedLines;
    this.droppedCharCount = droppedChars;
    return text.slice(cut + 1);
  }

  clear(): void {
    this.blocks = [];
    this.blockChars = [];
    this.chars = 0;
    this.partial = '';
    this.skipping = false;
    this.carried = [];
    this.dropped = 0;
    this.droppedCharCount = 0;
  }

  private push(raw: string): void {
    let text = visibleText(raw);
    if (text.length > this.maxLineChars) text = detached(text.slice(0, this.maxLineChars)) + cutNote(this.maxLineChars);
    const line = this.carried.length ? this.carried.join('') + text : text;
    this.carried = openSgrAfter(this.carried, text);
    let last = this.blocks[this.blocks.length - 1];
    if (!last || last.length >= this.blockLines) {
      last = [];
      this.blocks.push(last);
      this.blockChars.push(0);
    }
    last.push(line);
    const size = line.length + 1;
    this.blockChars[this.blockChars.length - 1]! += size;
    this.chars += size;
  }

  /** Drop whole blocks from the front: every block but the last stays full, so indexing is O(1). */
  private trim(): void {
    while (this.chars + this.partial.length > this.maxChars && this.blocks.length > 1) {
      const lines = this.blocks.shift()!.length;
      const size = this.blockChars.shift()!;
      this.chars -= size;
      this.dropped += lines;
      this.droppedCharCount += size;
    }
  }
}
