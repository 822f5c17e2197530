import { describe, expect, it } from 'vitest';
import { projectKey, projectUuid } from './project-id.js';

describe('project id', () => {
  it('is a stable v5 uuid of the absolute path', () => {
    const a = projectUuid('/home/ada/projects/churn');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(projectUuid('/home/ada/projects/churn/')).toBe(a);
    expect(projectUuid('/home/ada/projects/other')).not.toBe(a);
  });

  it('has a short key for tags and folders, the start of the uuid', () => {
    const key = projectKey('/home/ada/projects/churn');
    expect(key).toMatch(/^[0-9a-f]{8}$/);
    expect(projectUuid('/home/ada/projects/churn').startsWith(key)).toBe(true);
    expect(projectKey('/home/ada/projects/churn/')).toBe(key);
  });
});
