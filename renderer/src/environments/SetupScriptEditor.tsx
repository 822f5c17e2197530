import { useRef } from 'react';

/** A monospace script editor with line numbers: a textarea and a gutter that scrolls with it. */
export function SetupScriptEditor({ id, value, onChange, describedBy }: { id: string; value: string; onChange: (value: string) => void; describedBy?: string }) {
  const gutter = useRef<HTMLPreElement>(null);
  const lines = value.split('\n').length;
  let numbers = '';
  for (let i = 1; i <= lines; i++) numbers += `${i}\n`;
  return (
    <div className="code-editor">
      <pre className="code-gutter" aria-hidden="true" ref={gutter}>
        {numbers}
      </pre>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        aria-describedby={describedBy}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        rows={12}
        placeholder={'#!/bin/bash\n# Runs on top of the base image, e.g.\npip install pandas==2.2.2'}
      />
    </div>
  );
}
