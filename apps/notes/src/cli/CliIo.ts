/** Where CLI commands write: stdout for results, stderr for progress and errors. */
export interface CliIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown; readonly isTTY?: boolean };
}
