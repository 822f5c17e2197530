import * as z from 'zod';

/** Error codes every handler may answer with; the renderer shows `message` as is. */
export const errorCodes = [
  'INVALID_ARGUMENT', // the call's arguments failed the contract's schema
  'NOT_FOUND', // a file, pipeline, step, run or environment that does not exist
  'NO_PROJECT', // a call that needs an open project, before one was opened
  'INVALID_FILE', // a user file that does not parse / validate; it is left untouched
  'CONFLICT', // the file changed on disk since the caller read it
  'DOCKER_UNAVAILABLE',
  'IMAGE_MISSING',
  'BUSY', // e.g. a run of this pipeline is already going
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const apiErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Every call answers exactly one of these. */
export type Envelope<T> = { result: T; error?: undefined } | { error: ApiError; result?: undefined };
