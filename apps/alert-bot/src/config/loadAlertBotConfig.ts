import { ConfigError } from '@ballast/core';
import { readFileSync } from 'node:fs';
import type { AlertBotConfig } from './AlertBotConfig.js';
import { readAlertBotConfig } from './readAlertBotConfig.js';

/**
 * Reads a JSON configuration file and validates it ({@link readAlertBotConfig}); no file means
 * the local defaults. A missing file or bad JSON throws `ConfigError` naming the file.
 *
 * @example
 * ```ts
 * const config = loadAlertBotConfig('alert-bot.json');
 * ```
 */
export function loadAlertBotConfig(file?: string): AlertBotConfig {
  if (file === undefined) return readAlertBotConfig({});
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `alert-bot config: cannot read "${file}" (${(error as Error).message}).`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the fault, which may be a secret: keep the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ConfigError(
      `alert-bot config: "${file}" is not valid JSON${position === undefined ? '' : ` (at character ${position})`}.`,
    );
  }
  return readAlertBotConfig(parsed);
}
