/** Where a pipeline's parameter grid is kept, as Orchest did: `x.orchest` → `x.parameters.json`, `.orchest/pipeline.json` → `.orchest/pipeline.parameters.json`. */
export function gridFileOf(pipelinePath: string): string {
  return pipelinePath.replace(/\.(orchest|json)$/i, '') + '.parameters.json';
}
