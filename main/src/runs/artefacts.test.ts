import { describe, expect, it } from 'vitest';
import { pipelineArtefacts, stepLogPath } from './artefacts.js';

describe('pipelineArtefacts', () => {
  it('folder layout: beside the pipeline; project layout: under .orchest/pipelines/<uuid>', () => {
    expect(pipelineArtefacts('/p', { layout: 'folder', dir: 'etl' })).toEqual({ dataDir: '/p/etl/.orchest/data', logsDir: '/p/etl/.orchest/logs' });
    const proj = pipelineArtefacts('/p', { layout: 'project', dir: 'sub', uuid: 'abc-1' });
    expect(proj).toEqual({ dataDir: '/p/.orchest/pipelines/abc-1/data', logsDir: '/p/.orchest/pipelines/abc-1/logs' });
    expect(stepLogPath(proj, 'step-9')).toBe('/p/.orchest/pipelines/abc-1/logs/step-9.log');
  });

  it('refuses ids that would leave the artefact folders', () => {
    expect(() => pipelineArtefacts('/p', { layout: 'project', dir: '', uuid: '../x' })).toThrow(/uuid/);
    expect(() => stepLogPath({ dataDir: '/d', logsDir: '/l' }, '../../etc/passwd')).toThrow(/not a valid step id/);
  });
});
