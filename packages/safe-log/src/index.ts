export { AlertDeduper, type AlertDeduperOptions } from './alerts/AlertDeduper.js';
export type { Alert, AlertSink, ErrorSummary } from './alerts/AlertSink.js';
export { ConsoleAlertSink } from './alerts/ConsoleAlertSink.js';
export { errorFingerprint } from './alerts/errorFingerprint.js';
export { MemoryAlertSink } from './alerts/MemoryAlertSink.js';
export { summarizeLogLine } from './alerts/summarizeLogLine.js';
export {
  callStatistics,
  type CallOutcome,
  DURATION_BUCKETS_SECONDS,
  type MethodCallStatistics,
} from './aspect/CallStatistics.js';
export { SafeLog, safeLog, SafeLogAspect } from './aspect/SafeLog.js';
export type { SafeLogOptions } from './aspect/SafeLogOptions.js';
export { setSafeLogLogger } from './aspect/setSafeLogLogger.js';
export type { LogBackend, LogEntry } from './backend/LogBackend.js';
export { winstonBackend, type WinstonBackendOptions } from './backend/winstonBackend.js';
export {
  installProcessGuards,
  type ProcessGuardOptions,
  type ProcessGuards,
  type ProcessLike,
  type UncaughtPolicy,
} from './guards/installProcessGuards.js';
export { createSafeLogger } from './logger/createSafeLogger.js';
export type { LogContextProvider } from './logger/LogContextProvider.js';
export { isLogLevel, LOG_LEVELS, type LogLevel } from './logger/LogLevel.js';
export type { LogStatistics, SinkState } from './logger/LogStatistics.js';
export type { LogWriter } from './logger/LogWriter.js';
export { safeLoggerStatistics } from './logger/loggerRegistry.js';
export { SafeLogger } from './logger/SafeLogger.js';
export type { SafeLoggerOptions } from './logger/SafeLoggerOptions.js';
export type { TimerSource, TimerTask } from './logger/TimerSource.js';
export { DEFAULT_VALUE_REDACTORS, defaultRedactors } from './redact/defaultRedactors.js';
export {
  DEFAULT_SECRET_KEY_PARTS,
  DEFAULT_SECRET_KEYS,
  keyDenylist,
  type KeyDenylistOptions,
} from './redact/keyDenylist.js';
export { patternRedactor } from './redact/patternRedactor.js';
export { awsAccessKey } from './redact/patterns/awsAccessKey.js';
export { bearerToken } from './redact/patterns/bearerToken.js';
export { githubToken } from './redact/patterns/githubToken.js';
export { jwt } from './redact/patterns/jwt.js';
export { npmToken } from './redact/patterns/npmToken.js';
export { pemPrivateKey } from './redact/patterns/pemPrivateKey.js';
export { secretQueryParam } from './redact/patterns/secretQueryParam.js';
export { slackToken } from './redact/patterns/slackToken.js';
export { stripeKey } from './redact/patterns/stripeKey.js';
export { urlUserinfo } from './redact/patterns/urlUserinfo.js';
export { Redaction, type RedactionOptions } from './redact/Redaction.js';
export { REDACTED, type Redactor } from './redact/Redactor.js';
export type { LogSink } from './sinks/LogSink.js';
export type { RotationOptions } from './sinks/RotationOptions.js';
