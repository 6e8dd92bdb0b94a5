import { errorCode } from '@ballast/core';
import type { RecordedError } from './ExecutionRecord.js';

/** Turns anything thrown into the plain data kept on a step. */
export function toRecordedError(error: unknown): RecordedError {
  if (error instanceof Error) {
    return { code: errorCode(error) ?? error.name, message: error.message };
  }
  return { code: 'Error', message: String(error) };
}
