import { describe, expect, it } from '@jest/globals';
import type { OutboxStatus } from '../outbox/OutboxStatus.js';
import { AlertBotMetrics } from './AlertBotMetrics.js';

const depth = { ready: 2, scheduled: 1, leased: 0, dead: 3, groups: 1, oldestReadyMs: 4_000 };

describe('AlertBotMetrics', () => {
  it('reads the outbox status once per scrape for all four gauges, and again on the next scrape', async () => {
    let reads = 0;
    const metrics = new AlertBotMetrics(() => {
      reads++;
      return { byChannel: { ops: depth } } as unknown as OutboxStatus;
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('alert_bot_queue_depth{channel="ops",state="ready"} 2');
    expect(text).toContain('alert_bot_oldest_ready_age_seconds{channel="ops"} 4');
    expect(text).toContain('alert_bot_dead_letters{channel="ops"} 3');
    expect(text).toContain('alert_bot_groups{channel="ops"} 1');
    expect(reads).toBe(1);
    await metrics.registry.metrics();
    expect(reads).toBe(2);
  });
});
