import { useCallback, useRef, useState } from 'react';
import { ResizeHandle } from '../common/ResizeHandle.js';
import { ProblemsPanel } from '../editor/panels/ProblemsPanel.js';
import { useEditor } from '../editor/store/editor-context.js';
import { selectProblems } from '../editor/store/selectors.js';
import { LOG_ROW_HEIGHT } from '../logs/LogView.js';
import { DataPane, useDataPaneOpen } from '../outputs/DataPane.js';
import { useRuns } from '../runs/run-context.js';
import { StepLogPane, useStepLogOpen } from '../runs/StepLogPane.js';

const HEIGHT_KEY = 'orchest.bottomPanelHeight';
const MIN_HEIGHT = 96;
const DEFAULT_HEIGHT = 260;
/** The log pane's header and padding around the lines, px. */
const LOG_CHROME = 44;
const MAX_FITTED_LINES = 400;

function storedHeight(): number {
  try {
    const n = Number(window.localStorage.getItem(HEIGHT_KEY));
    return Number.isFinite(n) && n >= MIN_HEIGHT ? n : DEFAULT_HEIGHT;
  } catch {
    return DEFAULT_HEIGHT;
  }
}

/**
 * Below the canvas: the pipeline's problems, and beside them the selected step's log and the data
 * view (a step's outputs, or what flows along a selected connection). A log with
 * nothing in it yet is one line high; a short one as high as its lines; past that (or with
 * problems) the panel has the height the user gave it by dragging its top edge (remembered).
 */
export function BottomPanel() {
  const hasProblems = useEditor((s) => selectProblems(s).length > 0);
  const hasLog = useStepLogOpen();
  const hasData = useDataPaneOpen();
  // Capped past what any panel height holds: a streaming log does not render the panel per batch.
  const logLines = useRuns((s) => (s.log ? Math.min(MAX_FITTED_LINES, Math.max(s.log.buffer.lineCount, s.log.phase === 'error' ? 3 : 0)) : 0));
  const [height, setHeight] = useState(storedHeight);
  // Until the user drags the edge, a short log gets only the room its lines need.
  const [fitShortLog, setFitShortLog] = useState(true);
  const ref = useRef<HTMLDivElement>(null);
  const resize = useCallback((h: number) => {
    setHeight(h);
    setFitShortLog(false);
    try {
      window.localStorage.setItem(HEIGHT_KEY, String(h));
    } catch {
      // Storage refused (private mode): the height lasts for this page only.
    }
  }, []);
  // At most three quarters of the editor's column: the canvas stays usable.
  const maxHeight = useCallback(() => (ref.current?.parentElement?.clientHeight || 800) * 0.75, []);

  if (!hasProblems && !hasLog && !hasData) return null;
  const expanded = hasProblems || hasData || logLines > 0;
  // A short log needs no more room than its lines; it grows up to the height the user set.
  const shown = hasProblems || hasData || !fitShortLog ? height : Math.min(height, Math.max(MIN_HEIGHT, LOG_CHROME + logLines * LOG_ROW_HEIGHT));
  const classes = ['bottom-panel', hasLog || hasData ? 'has-log' : '', expanded ? 'is-expanded' : 'is-collapsed'].filter(Boolean).join(' ');
  return (
    <div ref={ref} className={classes} style={expanded ? { height: shown } : undefined} data-testid="bottom-panel">
      {expanded ? <ResizeHandle height={shown} onResize={resize} min={MIN_HEIGHT} max={maxHeight} label="Resize the bottom panel" /> : null}
      <div className="bottom-panel-body">
        {hasProblems ? <ProblemsPanel /> : null}
        {hasLog ? <StepLogPane /> : null}
        {hasData ? <DataPane /> : null}
      </div>
    </div>
  );
}
