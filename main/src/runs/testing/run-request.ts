import { runRequestSchema, type ParsedRunRequest, type RunRequest } from '../../api/runs.js';

/** A run request with the contract's defaults, as dispatch hands it to the run service. */
export const runRequest = (req: RunRequest): ParsedRunRequest => runRequestSchema.parse(req);
