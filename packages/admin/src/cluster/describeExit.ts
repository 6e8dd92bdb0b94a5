/** `code 1` or `signal SIGKILL`, for log lines and errors. */
export function describeExit(code: number | null, signal: string | null): string {
  return signal === null ? `code ${code ?? 'unknown'}` : `signal ${signal}`;
}
