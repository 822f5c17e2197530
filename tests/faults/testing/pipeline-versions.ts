/** Version k of a pipeline file: large enough (~300 KB) that a kill often lands mid-write. */
export function pipelineVersion(k: number): string {
  const steps: Record<string, unknown> = {};
  for (let i = 0; i < 400; i++) {
    steps[`s${i}`] = { uuid: `s${i}`, title: `Step ${i} of version ${k}`, file_path: `s${i}.py`, incoming_connections: i ? [`s${i - 1}`] : [], parameters: { note: `v${k}-`.repeat(100) }, meta_data: { position: [i, k] } };
  }
  return `${JSON.stringify({ name: `version ${k}`, uuid: 'p-1', version: String(k), steps }, null, 4)}\n`;
}
