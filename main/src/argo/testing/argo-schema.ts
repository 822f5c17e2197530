/** Argo's published JSON schema (a copy outside the repo, for tests only): validate exported manifests. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { appRoot } from '../../core/resources.js';

export const SCHEMA_PATH = path.resolve(appRoot(), '..', 'shared', 'fixtures', 'argo-workflows', 'schema.json');

let validators: Record<'Workflow' | 'CronWorkflow', ValidateFunction> | undefined;

function load(): NonNullable<typeof validators> {
  if (validators) return validators;
  if (!existsSync(SCHEMA_PATH)) {
    throw new Error(
      `Argo's JSON schema is not at ${SCHEMA_PATH} (../shared/fixtures/argo-workflows/schema.json beside the repository): ` +
        'copy api/jsonschema/schema.json of argoproj/argo-workflows there to run these tests.',
    );
  }
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $id: string };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(schema);
  const get = (kind: string) => ajv.getSchema(`${schema.$id}#/definitions/io.argoproj.workflow.v1alpha1.${kind}`)!;
  return (validators = { Workflow: get('Workflow'), CronWorkflow: get('CronWorkflow') });
}

/** The schema's complaints about a Workflow or CronWorkflow manifest ([] when it is valid). */
export function schemaErrors(manifest: Record<string, unknown>): string[] {
  const kind = manifest.kind === 'CronWorkflow' ? 'CronWorkflow' : 'Workflow';
  const validate = load()[kind];
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
