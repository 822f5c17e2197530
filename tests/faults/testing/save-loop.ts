/**
 * A child process for the power-cut test: saves version 0, 1, 2, … of a pipeline file through the
 * app's atomic writer, as fast as it can, until it is killed. Version k is `pipelineVersion(k)`.
 */
import { atomicWrite } from '../../../main/src/fs/atomic-write.js';
import { pipelineVersion } from './pipeline-versions.js';

const [file, start] = process.argv.slice(2) as [string, string];
for (let k = Number(start); ; k++) {
  await atomicWrite(file, pipelineVersion(k));
  if (k === Number(start)) process.stdout.write('saving\n');
}
