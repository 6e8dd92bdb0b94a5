/** Where a channel's messages go and in which format. */
export type ChannelType = 'slack' | 'webhook';

/** Token bucket of one channel (Slack incoming webhooks accept about one message a second). */
export interface ChannelRateLimit {
  /** Messages per `intervalMs`. @default 1 for slack, 50 for webhook */
  readonly rate: number;
  /** @default 1000 */
  readonly intervalMs: number;
  /** Messages allowed at once after a quiet period. @default rate */
  readonly burst: number;
}

/** Circuit breaker of one channel (count window). */
export interface ChannelBreaker {
  /** Failure rate in percent at or above which the channel's circuit opens. @default 50 */
  readonly failureRateThreshold: number;
  /** Deliveries judged together. @default 20 */
  readonly windowSize: number;
  /** Deliveries needed before the rate is judged. @default 10 */
  readonly minimumCalls: number;
  /** How long the circuit stays open before probing. @default 30000 */
  readonly openDurationMs: number;
}

/** One delivery channel. */
export interface ChannelConfig {
  /** Unique name (letters, digits, `-`, `_`, `.`). */
  readonly name: string;
  readonly type: ChannelType;
  /** Absolute http(s) URL of the incoming webhook. */
  readonly url: string;
  /** `whsec_<base64>` signing secret (Standard Webhooks); required for `webhook` channels. */
  readonly secret: string | undefined;
  /** Channel used while this one's circuit is open or it is disabled. @default none */
  readonly fallback: string | undefined;
  /** True: receives alerts only as another channel's fallback. @default false */
  readonly fallbackOnly: boolean;
  readonly rateLimit: ChannelRateLimit;
  readonly breaker: ChannelBreaker;
}

/** The delivery worker. */
export interface DeliveryConfig {
  /** Deliveries in flight at once, over all channels. @default 8 */
  readonly concurrency: number;
  /** How often the outbox is polled for due deliveries. @default 1000 */
  readonly pollIntervalMs: number;
  /** How long a claimed delivery stays reserved; a crashed worker's claims expire after it. @default 60000 */
  readonly leaseMs: number;
  /** Time limit of one HTTP attempt, end to end. @default 10000 */
  readonly attemptTimeoutMs: number;
  /**
   * Waits before the 2nd, 3rd, … attempt (ms). Its length + 1 is the number of attempts.
   * @default the Svix schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts over ~28 h)
   */
  readonly retrySchedule: readonly number[];
  /** Each wait is multiplied by a random factor in [1 - jitter, 1 + jitter]. @default 0.2 */
  readonly jitter: number;
  /** How long `stop()` waits for deliveries in flight. @default 10000 */
  readonly drainTimeoutMs: number;
}

/** One URL checked by the inspection bot. */
export interface InspectionTarget {
  /** Unique name (used in alerts and as the breaker key). */
  readonly name: string;
  readonly url: string;
  /** Status the check expects. @default 200 */
  readonly expectStatus: number;
  /** A slower answer counts as a failure. @default 2000 */
  readonly maxLatencyMs: number;
  /** Text the body must contain. @default none */
  readonly bodyContains: string | undefined;
}

/** The inspection bot. */
export interface InspectionConfig {
  /** Time between two rounds of checks. @default 60000 */
  readonly intervalMs: number;
  /** Time limit of one check. @default 10000 */
  readonly timeoutMs: number;
  /** Failed checks in a row before a target is reported down. @default 2 */
  readonly failuresBeforeDown: number;
  /** Consecutive failures that open a target's breaker (checks then fail fast). @default 3 */
  readonly breakerFailures: number;
  /** How long a target's breaker stays open. @default 60000 */
  readonly breakerOpenMs: number;
  /** @default [] */
  readonly targets: readonly InspectionTarget[];
}

/** The HTTP intake. */
export interface ServerConfig {
  /** @default '127.0.0.1' */
  readonly host: string;
  /** 0 picks a free port. @default 8787 */
  readonly port: number;
  /** Largest accepted request body. @default 65536 */
  readonly maxBodyBytes: number;
}

/** The built-in loopback receiver (`POST <path>`), so the defaults deliver somewhere real. */
export interface ReceiverConfig {
  /** @default true */
  readonly enabled: boolean;
  /** @default '/receiver' */
  readonly path: string;
  /** Secret the receiver verifies signatures with. @default the local demo secret */
  readonly secret: string;
}

/** Logging. */
export interface LoggingConfig {
  /** @default 'info' */
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  /** Log file, relative to `dataDir`. @default 'alert-bot.log' */
  readonly file: string;
  /** Error-level log lines become alerts (deduplicated by safe-log's AlertDeduper). @default true */
  readonly errorAlerts: boolean;
}

/** The whole, validated configuration of the alert bot. */
export interface AlertBotConfig {
  /** Directory of the outbox database and the log. @default '.data/alert-bot' */
  readonly dataDir: string;
  readonly server: ServerConfig;
  readonly receiver: ReceiverConfig;
  readonly channels: readonly ChannelConfig[];
  readonly delivery: DeliveryConfig;
  readonly inspection: InspectionConfig;
  readonly logging: LoggingConfig;
}

type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly DeepPartial<U>[]
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

/**
 * Configuration as written in the JSON file: every field optional (defaults fill the gaps), and
 * `delivery.retrySchedule` may also be `{ baseMs, factor?, maxMs?, retries }`.
 */
export type AlertBotConfigInput = Omit<DeepPartial<AlertBotConfig>, 'delivery'> & {
  readonly delivery?: Omit<DeepPartial<DeliveryConfig>, 'retrySchedule'> & {
    readonly retrySchedule?: readonly number[] | ExponentialSchedule;
  };
};

/** An exponential retry schedule: `baseMs × factor^n`, capped at `maxMs`, `retries` waits. */
export interface ExponentialSchedule {
  readonly baseMs: number;
  /** @default 2 */
  readonly factor?: number;
  /** @default 36000000 (10 h) */
  readonly maxMs?: number;
  readonly retries: number;
}
