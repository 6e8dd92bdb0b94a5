import { type AlertBotConfigInput, DEMO_WEBHOOK_SECRET } from '@ballast/alert-bot';
import { join } from 'node:path';
import { UPSTREAM_PATHS } from './upstreamFaults.js';

/** Where the demo's alert bot sends, given the chaos upstream and the notes service. */
export interface DemoAlertTargets {
  readonly dataDir: string;
  readonly upstreamUrl: string;
  readonly notesUrl: string;
}

/**
 * The alert bot of the demo, on timescales of seconds instead of hours: alerts go to the `ops`
 * receiver on the chaos upstream and, while its circuit is open, to the always-healthy `backup`
 * one; failed deliveries are retried after 250 ms, doubling to 2 s (dead letters after ~20 s);
 * the inspection bot checks the inventory API and the notes service every second.
 */
export function demoAlertBotConfig(targets: DemoAlertTargets): AlertBotConfigInput {
  const breaker = {
    windowSize: 6,
    minimumCalls: 3,
    failureRateThreshold: 50,
    openDuration: 1_500,
  };
  const secret = DEMO_WEBHOOK_SECRET;
  return {
    dataDir: join(targets.dataDir, 'alert-bot'),
    server: { host: '127.0.0.1', port: 0 },
    receiver: { enabled: false },
    channels: [
      {
        name: 'ops',
        type: 'webhook',
        url: `${targets.upstreamUrl}${UPSTREAM_PATHS.opsHook}`,
        secret,
        fallback: 'backup',
        breaker,
      },
      {
        name: 'backup',
        type: 'webhook',
        url: `${targets.upstreamUrl}${UPSTREAM_PATHS.backupHook}`,
        secret,
        fallbackOnly: true,
        breaker,
      },
    ],
    delivery: {
      concurrency: 8,
      pollIntervalMs: 200,
      attemptTimeoutMs: 500,
      retrySchedule: { baseMs: 250, factor: 2, maxMs: 2_000, retries: 12 },
      jitter: 0.1,
      drainTimeoutMs: 1_000,
    },
    inspection: {
      intervalMs: 1_000,
      attemptTimeoutMs: 500,
      failuresBeforeDown: 2,
      targets: [
        {
          name: 'inventory',
          url: `${targets.upstreamUrl}${UPSTREAM_PATHS.health}`,
          maxLatencyMs: 400,
        },
        { name: 'notes', url: `${targets.notesUrl}/healthz`, maxLatencyMs: 1_000 },
      ],
    },
    logging: { level: 'info', errorAlerts: true },
  };
}
