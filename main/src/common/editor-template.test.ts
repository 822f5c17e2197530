import { describe, expect, it } from 'vitest';
import { editorArgv, editorTemplateProblem, formatCommand, splitCommandLine } from './editor-template.js';

describe('editor command template', () => {
  it('splits like a shell for quotes and backslashes, expanding nothing', () => {
    expect(splitCommandLine(`code --wait`)).toEqual({ words: ['code', '--wait'] });
    expect(splitCommandLine(`"/Applications/My Editor/bin/ed" -n '{file}'`)).toEqual({ words: ['/Applications/My Editor/bin/ed', '-n', '{file}'] });
    expect(splitCommandLine(`ed my\\ file "a \\"b\\""`)).toEqual({ words: ['ed', 'my file', 'a "b"'] });
    expect(splitCommandLine(`ed "" $HOME '$(rm -rf /)'`)).toEqual({ words: ['ed', '', '$HOME', '$(rm -rf /)'] });
    expect(splitCommandLine(`ed "unclosed`)).toEqual({ error: 'it has an unclosed " quote' });
  });

  it('puts the file and the line where the placeholders are', () => {
    expect(editorArgv('code -g {file}:{line}', '/p/a b.py', 12)).toEqual(['code', '-g', '/p/a b.py:12']);
    expect(editorArgv('vim +{line} {file}', '/p/x.py', 3)).toEqual(['vim', '+3', '/p/x.py']);
    expect(editorArgv('"/opt/My Editor/ed" --line={line} -- {file}', '/p/x.py')).toEqual(['/opt/My Editor/ed', '--line=1', '--', '/p/x.py']);
  });

  it('appends the file when the template has no {file}', () => {
    expect(editorArgv('gvim', '/p/a.py')).toEqual(['gvim', '/p/a.py']);
    expect(editorArgv('vim +{line}', '/p/a.py', 7)).toEqual(['vim', '+7', '/p/a.py']);
  });

  it('passes a file name with spaces, quotes and shell syntax as one argument, unchanged', () => {
    const nasty = `/p/it's "here" $(touch x) ;rm {line}.py`;
    expect(editorArgv('code -g {file}:{line}', nasty, 2)).toEqual(['code', '-g', `${nasty}:2`]);
    expect(editorArgv('ed', nasty)).toEqual(['ed', nasty]);
  });

  it('says what is wrong with a template', () => {
    expect(editorTemplateProblem('')).toBeNull();
    expect(editorTemplateProblem('code -g {file}:{line}')).toBeNull();
    expect(editorTemplateProblem('code "{file}')).toMatch(/unclosed " quote/);
    expect(editorTemplateProblem('code {path}')).toMatch(/\{path\} is not a placeholder/);
    expect(editorTemplateProblem('{file}')).toMatch(/start with the editor program/);
  });

  it('shows a command a user can paste into a shell', () => {
    expect(formatCommand(['code', '-g', "/p/it's here.py"])).toBe(`code -g '/p/it'\\''s here.py'`);
  });
});
