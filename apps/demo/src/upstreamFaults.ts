import type { ChaosFaults, Fault, RecordedRequest, RespondFault } from '@ballast/testing';
import type { UpstreamMode } from './demoPhases.js';

/** Paths the chaos server answers: the inventory API, its health check and two alert receivers. */
export const UPSTREAM_PATHS = Object.freeze({
  stock: '/inventory/stock',
  health: '/inventory/health',
  opsHook: '/hooks/ops',
  backupHook: '/hooks/backup',
});

const BY_MODE: Readonly<Record<UpstreamMode, Fault | undefined>> = {
  healthy: undefined,
  failing: { kind: 'respond', status: 503, body: '{"error":"upstream unavailable"}' },
  hanging: { kind: 'hang' },
};

/** Told of every request the upstream answers normally (no fault): a delivery that got through. */
export type AnsweredListener = (request: RecordedRequest) => void;

/** A healthy answer: stock levels that change from request to request, else `{"ok":true}`. */
function healthyAnswer(request: RecordedRequest): RespondFault {
  if (!request.path.startsWith(UPSTREAM_PATHS.stock)) return { kind: 'respond' };
  const sku = new URL(request.path, 'http://upstream').searchParams.get('sku') ?? 'unknown';
  return { kind: 'respond', body: JSON.stringify({ sku, available: (request.seq * 7) % 40 }) };
}

/**
 * The faults of one upstream mode. The outage hits the inventory API, its health check and the
 * primary (`ops`) alert receiver together, as when a shared upstream goes down; the `backup`
 * receiver stays healthy so the alert bot's fallback channel has somewhere to deliver.
 * `onAnswered` hears of every request answered without a fault.
 */
export function upstreamFaults(mode: UpstreamMode, onAnswered?: AnsweredListener): ChaosFaults {
  const respond =
    onAnswered === undefined
      ? healthyAnswer
      : (request: RecordedRequest): RespondFault => {
          onAnswered(request);
          return healthyAnswer(request);
        };
  const fault = BY_MODE[mode];
  if (fault === undefined) return { respond };
  return {
    respond,
    routes: {
      [UPSTREAM_PATHS.stock]: fault,
      [UPSTREAM_PATHS.health]: fault,
      [`POST ${UPSTREAM_PATHS.opsHook}`]: fault,
    },
  };
}
