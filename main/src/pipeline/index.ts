/** The pipeline model: parse, check, serialize and write Orchest pipeline definitions. */
export { parse, type ParseResult } from './parse.js';
export { checkDefinition, graphProblems, type DefinitionCheck, type ValidateOptions } from './validate.js';
export { isPlainObject, orderLike } from './json-value.js';
export { serialize, mergeForSave, detectFormat, stringifyJson, ORCHEST_FORMAT, type JsonFormat, type SerializeOptions } from './serialize.js';
export { countErrors, formatProblem, schemaProblems } from './problems.js';
export { kernelLanguage } from './kernel.js';
export { newPipeline } from './new-pipeline.js';
export { atomicWrite, isAtomicTempFile, type AtomicWriteOptions } from './atomic-write.js';
export { checkPipelinePath, pipelineFileDir, stepFileExists, type CheckedPipelineFile, type CheckOptions } from './check-file.js';
export { isAbsoluteFilePath, joinStepPath, levelsAbove } from './step-path.js';
export { scanJson, type JsonScan, type JsonSyntaxError } from './json-scan.js';
