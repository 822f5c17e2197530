import { describe, expect, it } from 'vitest';
import { editorArgv, formatCommand, splitCommand } from './editor-command.js';

describe('external editor command', () => {
  it('splits like a shell for quotes and backslashes', () => {
    expect(splitCommand(`code --wait`)).toEqual(['code', '--wait']);
    expect(splitCommand(`"/Applications/My Editor/bin/ed" -n '{file}'`)).toEqual(['/Applications/My Editor/bin/ed', '-n', '{file}']);
    expect(splitCommand(`ed my\\ file "a \\"b\\""`)).toEqual(['ed', 'my file', 'a "b"']);
    expect(splitCommand(`ed ""`)).toEqual(['ed', '']);
    expect(() => splitCommand(`ed "unclosed`)).toThrow(/unclosed " quote/);
  });

  it('puts the file where {file} is, or at the end', () => {
    expect(editorArgv('code -g {file}:1', '/p/a b.py')).toEqual(['code', '-g', '/p/a b.py:1']);
    expect(editorArgv('gvim', '/p/a.py')).toEqual(['gvim', '/p/a.py']);
  });

  it('shows a command a user can paste into a shell', () => {
    expect(formatCommand(['code', '-g', "/p/it's here.py"])).toBe(`code -g '/p/it'\\''s here.py'`);
  });
});
