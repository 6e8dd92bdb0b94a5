import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry, type RegistryContentType } from 'prom-client';
import { clusterMetricsHandler } from './clusterMetricsHandler.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) =>
    server === undefined ? resolve() : server.close(() => resolve()),
  );
  server = undefined;
});

async function get(aggregator: AggregatorRegistry<RegistryContentType>): Promise<Response> {
  server = createServer(clusterMetricsHandler({ aggregator }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/metrics`);
}

describe('clusterMetricsHandler', () => {
  it('answers 503 naming the failure when the workers do not answer, never partial numbers', async () => {
    const aggregator = new AggregatorRegistry();
    aggregator.clusterMetrics = () => Promise.reject(new Error('Operation timed out.'));
    const response = await get(aggregator);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('cluster metrics unavailable: Operation timed out.\n');
  });

  it('answers an empty 200 in a primary without workers', async () => {
    const response = await get(new AggregatorRegistry());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(AggregatorRegistry.PROMETHEUS_CONTENT_TYPE);
    expect(await response.text()).toBe('');
  });
});
