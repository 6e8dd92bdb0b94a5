/** Where flag sources write their log lines (rejected edits, missing files). `console` fits. */
export interface FlagLogger {
  warn(message: string): void;
  info(message: string): void;
}
