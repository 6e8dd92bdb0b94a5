import type { RecordedError } from './ExecutionRecord.js';

/** Turns anything thrown into the plain data kept on a step. */
export function toRecordedError(error: unknown): RecordedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'Error', message: String(error) };
}
