/**
 * What each file of tests/corpus/ must be reported as. `kind`: 'unreadable' (no pipeline comes
 * back, saving over it is refused), 'invalid' (the graph is shown but has an error, saving it back
 * is refused), 'warning' (usable, the problem named). `message`: what the problem's text must say.
 */
export interface PipelineExpectation {
  kind: 'unreadable' | 'invalid' | 'warning';
  message: RegExp;
}

const notUtf8 = /cannot be read: it is not UTF-8 text: byte 0x[0-9A-F]{2} at line \d+, column \d+/;
const tooDeep = /Invalid JSON at line 1, column \d+: Nested more than 256 levels deep/;
const leaves = /has the file path ".*", which leaves the (project|pipeline's) folder/;
const absolute = /has the absolute file path ".*"; it must be relative to the pipeline's folder/;

export const PIPELINES: Record<string, PipelineExpectation> = {
  'pipelines/binary-garbage.orchest': { kind: 'unreadable', message: notUtf8 },
  'pipelines/bom-only.orchest': { kind: 'unreadable', message: /The pipeline file is empty/ },
  'pipelines/comments.orchest': { kind: 'unreadable', message: /Invalid JSON at line 1, column 1: Unexpected '\/'/ },
  'pipelines/control-char-in-string.orchest': { kind: 'unreadable', message: /Unescaped control character in string/ },
  'pipelines/cycle-self.orchest': { kind: 'invalid', message: /is connected to itself; a pipeline cannot have cycles/ },
  'pipelines/cycle-three.orchest': { kind: 'invalid', message: /Steps form a cycle .*→.*→.*→/ },
  'pipelines/cycle-two.orchest': { kind: 'invalid', message: /Steps form a cycle/ },
  'pipelines/deep-array-300.orchest': { kind: 'unreadable', message: tooDeep },
  'pipelines/deep-object-300.orchest': { kind: 'unreadable', message: tooDeep },
  'pipelines/deep-unclosed.orchest': { kind: 'unreadable', message: tooDeep },
  'pipelines/duplicate-step-key.orchest': { kind: 'warning', message: /The key "a" appears twice in steps/ },
  'pipelines/duplicate-top-key.orchest': { kind: 'warning', message: /The key "name" appears twice in the top level/ },
  'pipelines/empty.orchest': { kind: 'unreadable', message: /The pipeline file is empty/ },
  'pipelines/file-path-absolute.orchest': { kind: 'invalid', message: absolute },
  'pipelines/file-path-backslash-parent.orchest': { kind: 'invalid', message: /with a '\\' in it; write it with '\/' \(e\.g\. "\.\.\/\.\.\/outside\.py"\)/ },
  'pipelines/file-path-deep-parent.orchest': { kind: 'invalid', message: leaves },
  'pipelines/file-path-parent.orchest': { kind: 'invalid', message: leaves },
  'pipelines/file-path-unc.orchest': { kind: 'invalid', message: absolute },
  'pipelines/file-path-windows-drive.orchest': { kind: 'invalid', message: absolute },
  'pipelines/latin1-name.orchest': { kind: 'unreadable', message: /byte 0xE9 at line 1, column 13 is not valid UTF-8/ },
  'pipelines/name-number.orchest': { kind: 'unreadable', message: /Field "name" should be a string, found number 7/ },
  'pipelines/nan-value.orchest': { kind: 'unreadable', message: /Invalid JSON at line 6, column 23: Unexpected 'N'/ },
  'pipelines/not-json-yaml.orchest': { kind: 'unreadable', message: /Invalid JSON at line 1, column 1/ },
  'pipelines/nul-bytes.orchest': { kind: 'unreadable', message: /Invalid JSON at line 1, column 12/ },
  'pipelines/overlong-utf8.orchest': { kind: 'unreadable', message: /byte 0xC0 .* is not valid UTF-8/ },
  'pipelines/parameters-array.orchest': { kind: 'unreadable', message: /Field "parameters" should be an object, found an array/ },
  'pipelines/settings-parallelism-float.orchest': { kind: 'unreadable', message: /"settings\.max_steps_parallelism" should be an integer, found number 1\.5/ },
  'pipelines/settings-parallelism-negative.orchest': { kind: 'unreadable', message: /"settings\.max_steps_parallelism" is invalid/ },
  'pipelines/single-quotes.orchest': { kind: 'unreadable', message: /Property names must use double quotes/ },
  'pipelines/step-file-path-number.orchest': { kind: 'unreadable', message: /"file_path" should be a string, found number 12/ },
  'pipelines/step-incoming-string.orchest': { kind: 'unreadable', message: /"incoming_connections" should be an array/ },
  'pipelines/step-kernel-string.orchest': { kind: 'unreadable', message: /"kernel" should be an object/ },
  'pipelines/step-key-uuid-mismatch.orchest': { kind: 'invalid', message: /stored under the key "a" but its uuid is "b"/ },
  'pipelines/step-not-object.orchest': { kind: 'unreadable', message: /Step a: "step" should be an object/ },
  'pipelines/step-parameters-array.orchest': { kind: 'unreadable', message: /"parameters" should be an object, found an array/ },
  'pipelines/step-position-strings.orchest': { kind: 'unreadable', message: /"meta_data\.position\[0\]" should be a number/ },
  'pipelines/step-position-three.orchest': { kind: 'unreadable', message: /"meta_data\.position" is invalid/ },
  'pipelines/step-title-missing.orchest': { kind: 'unreadable', message: /"title" is missing/ },
  'pipelines/steps-array.orchest': { kind: 'unreadable', message: /Field "steps" should be an object, found an array/ },
  'pipelines/steps-string.orchest': { kind: 'unreadable', message: /Field "steps" should be an object, found the string/ },
  'pipelines/top-level-array.orchest': { kind: 'unreadable', message: /must be a JSON object, but this file holds an array/ },
  'pipelines/top-level-null.orchest': { kind: 'unreadable', message: /must be a JSON object, but this file holds null/ },
  'pipelines/top-level-number.orchest': { kind: 'unreadable', message: /must be a JSON object, but this file holds a number/ },
  'pipelines/top-level-string.orchest': { kind: 'unreadable', message: /must be a JSON object, but this file holds a string/ },
  'pipelines/trailing-comma.orchest': { kind: 'unreadable', message: /Trailing comma before '}'/ },
  'pipelines/trailing-garbage.orchest': { kind: 'unreadable', message: /Unexpected '}' after the end of the JSON value/ },
  'pipelines/truncated-half.orchest': { kind: 'unreadable', message: /Invalid JSON at line \d+, column \d+/ },
  'pipelines/truncated-one-byte.orchest': { kind: 'unreadable', message: /found the end of the file/ },
  'pipelines/truncated-utf8.orchest': { kind: 'unreadable', message: /byte 0xE2 .* is not valid UTF-8/ },
  'pipelines/two-documents.orchest': { kind: 'unreadable', message: /Unexpected '\{' after the end of the JSON value/ },
  'pipelines/unknown-parent.orchest': { kind: 'invalid', message: /incoming connection from "ghost", which is not a step of this pipeline/ },
  'pipelines/utf16le-bom.orchest': { kind: 'unreadable', message: /byte 0xFF at line 1, column 1 is not valid UTF-8/ },
  'pipelines/uuid-empty.orchest': { kind: 'unreadable', message: /Field "uuid" is invalid/ },
  'pipelines/uuid-missing.orchest': { kind: 'unreadable', message: /Field "uuid" is missing/ },
  'pipelines/whitespace-only.orchest': { kind: 'unreadable', message: /The pipeline file is empty/ },
  'folders/steps-null/.orchest/pipeline.json': { kind: 'unreadable', message: /Field "steps" should be an object, found null/ },
  'folders/truncated/.orchest/pipeline.json': { kind: 'unreadable', message: /Invalid JSON at line \d+, column \d+/ },
};

/** env.list's message for each folder of corpus/environments/. */
export const ENVIRONMENTS: Record<string, RegExp> = {
  'truncated': /properties\.json is not valid JSON \(at line \d+, column \d+/,
  'empty': /properties\.json is not valid JSON/,
  'array': /properties\.json is not a valid environment/,
  'name-number': /is not a valid environment \(name: /,
  'base-image-missing': /is not a valid environment \(base_image: /,
  'gpu-string': /is not a valid environment \(gpu_support: /,
  'deep': /Nested more than 256 levels deep/,
  'duplicate-key': /properties\.json has the key "name" twice \(line 1\)\. It is left untouched/,
  'latin1': /properties\.json cannot be read: it is not UTF-8 text: byte 0xE9/,
  'script-binary': /setup_script\.sh it is not UTF-8 text: byte 0xFF at line 1, column 3/,
};

/** env.setDefault's refusal for each .orchest/project.json of corpus/project-settings/. */
export const PROJECT_SETTINGS: Record<string, RegExp> = {
  'truncated.json': /\.orchest\/project\.json does not parse \(.*line 1.*\); it is left untouched/,
  'wrong-type.json': /\.orchest\/project\.json does not parse \(default_environment: /,
  'latin1.json': /\.orchest\/project\.json does not parse \(.*not UTF-8.*byte 0xE9/,
};

/** The app.info notice for each config.json of corpus/configs/. */
export const CONFIGS: Record<string, RegExp> = {
  'truncated.json': /not valid JSON \(at line 1, column 30/,
  'array.json': /does not hold a JSON object/,
  'string.json': /does not hold a JSON object/,
  'parallelism-zero.json': /"default_parallelism": Too small/,
  'parallelism-string.json': /"default_parallelism": Invalid input: expected number/,
  'recent-not-array.json': /"recent_projects": Invalid input: expected array/,
  'aliases-array.json': /"image_aliases": Invalid input: expected record/,
  'runner-unknown.json': /"default_runner": Invalid option/,
  'package-index-relative.json': /"package_index\.0": each package_index entry is/,
  'deep.json': /Nested more than 256 levels deep/,
  'duplicate-key.json': /"default_runner": Invalid option/,
  'latin1.json': /not UTF-8 text: byte 0xE9 at line 1, column 24/,
};

/** What the step's log says for each notebook of corpus/notebooks/ run as a step (in Docker). */
export const NOTEBOOKS: Record<string, RegExp> = {
  'truncated.ipynb': /truncated\.ipynb is not a valid notebook \(NotJSONError: Notebook does not appear to be JSON/,
  'not-json.ipynb': /not-json\.ipynb is not a valid notebook \(NotJSONError/,
  'empty.ipynb': /empty\.ipynb is not a valid notebook \(NotJSONError/,
  'cells-not-array.ipynb': /cells-not-array\.ipynb is not a valid notebook \(ValidationError/,
  'cell-source-number.ipynb': /cell-source-number\.ipynb is not a valid notebook \(NotebookValidationError: data\.cells\[0\]/,
  'cell-type-unknown.ipynb': /cell-type-unknown\.ipynb is not a valid notebook \(NotebookValidationError: data\.cells\[0\]/,
  'latin1.ipynb': /latin1\.ipynb is not a valid notebook \(UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9/,
};
