import type { OutputReceiver } from '../api/outputs.js';
import type { Pipeline } from '../api/pipeline.js';

/**
 * The children of `stepId` and how each one's orchest.get_inputs() hands them its output, as the SDK
 * does (resources/sdk/orchest/transfer.py): a named output under its name; the others, and parents
 * without output, in "unnamed" in the order of the child's incoming_connections.
 * `nameOf(parent)`: the parent's output name; null unnamed, undefined no output.
 */
export function receiversOf(pipeline: Pipeline, stepId: string, nameOf: (parent: string) => string | null | undefined): OutputReceiver[] {
  const receivers: OutputReceiver[] = [];
  for (const child of Object.values(pipeline.steps)) {
    const parents = child.incoming_connections;
    if (!parents.includes(stepId)) continue;
    const name = nameOf(stepId);
    let as: string;
    let collision: string | undefined;
    if (typeof name === 'string') {
      as = `inputs[${JSON.stringify(name)}]`;
      const other = parents.find((p) => p !== stepId && nameOf(p) === name);
      if (other) collision = `"${pipeline.steps[other]?.title || other}" outputs the name ${JSON.stringify(name)} too: get_inputs() raises InputNameCollisionError.`;
    } else {
      const slot = parents.slice(0, parents.indexOf(stepId)).filter((p) => typeof nameOf(p) !== 'string').length;
      as = `inputs["unnamed"][${slot}]`;
    }
    receivers.push({ stepId: child.uuid, title: child.title, as, ...(collision ? { collision } : {}) });
  }
  return receivers;
}
