import { describe, expect, it } from 'vitest';
import { fileRefs, projectFileOf } from './file-refs.js';

describe('files named in log lines', () => {
  it('finds Python and IPython traceback locations and /project-dir paths', () => {
    expect(fileRefs('  File "/project-dir/etl/x.py", line 12, in <module>')).toEqual([{ start: 2, end: 39, file: '/project-dir/etl/x.py', line: 12 }]);
    expect(fileRefs('File /project-dir/lib/helpers.py:7, in load()')).toEqual([{ start: 0, end: 34, file: '/project-dir/lib/helpers.py', line: 7 }]);
    expect(fileRefs('error at /project-dir/a b/c.R:3 and /project-dir/d.sh:9').map((r) => [r.file, r.line])).toEqual([['/project-dir/d.sh', 9]]);
    expect(fileRefs('no file here: 12:30')).toEqual([]);
  });

  it('maps them into the project, and leaves files outside it alone', () => {
    const where = { root: '/home/me/proj', pipelineDir: 'etl' };
    expect(projectFileOf('/project-dir/etl/x.py', where)).toBe('etl/x.py');
    expect(projectFileOf('/home/me/proj/etl/x.py', where)).toBe('etl/x.py');
    expect(projectFileOf('clean.py', where)).toBe('etl/clean.py');
    expect(projectFileOf('../shared/s.py', where)).toBe('shared/s.py');
    expect(projectFileOf('/usr/lib/python3/dist-packages/pandas/core/frame.py', where)).toBeNull();
    expect(projectFileOf('../../outside.py', where)).toBeNull();
    expect(projectFileOf('/project-dir/../etc/passwd', where)).toBeNull();
  });
});
