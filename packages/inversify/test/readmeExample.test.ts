import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { CircuitBreaker, Fallback, Retry, retryStatistics, Timeout } from '@ballast/resilience';
import { Container, injectable } from 'inversify';
import { useBallast } from '../src/index.js';

/** The root README's example, with the network replaced by a scripted dependency. */
const prices: (number | Error)[] = [];

@injectable()
class QuotesClient {
  @Timeout(2_000)
  @Retry({ maxAttempts: 3 })
  @CircuitBreaker({ failureRateThreshold: 50 })
  @Fallback({ method: 'cachedQuote' })
  async quote(symbol: string): Promise<number> {
    const next = prices.shift() ?? new Error(`no quote for ${symbol}`);
    if (next instanceof Error) throw next;
    return next;
  }

  cachedQuote(): number {
    return 0;
  }
}

describe('the README example', () => {
  it('retries a failing quote, then falls back when every attempt fails', async () => {
    const container = new Container();
    const runtime = useBallast(container);
    container.bind(QuotesClient).toSelf().inSingletonScope();
    const client = container.get(QuotesClient);

    prices.push(new Error('503'), 42);
    await expect(client.quote('ACME')).resolves.toBe(42);
    expect(retryStatistics(runtime).get('QuotesClient.quote')?.successfulWithRetry).toBe(1);

    prices.push(new Error('503'), new Error('503'), new Error('503'));
    await expect(client.quote('ACME')).resolves.toBe(0);
    await container.unbindAllAsync();
  });
});
