import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { displayLog } from './build-log.js';

/** The build's output as a terminal would show it; follows the end unless the user scrolled up. */
export const BuildLog = memo(function BuildLog({ text }: { text: string }) {
  const shown = useMemo(() => displayLog(text), [text]);
  const ref = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [shown]);
  return (
    <pre
      ref={ref}
      className="build-log"
      role="log"
      aria-label="Build log"
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {shown}
    </pre>
  );
});
