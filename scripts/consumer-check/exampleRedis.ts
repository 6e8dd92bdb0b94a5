/** A real redis-server for the examples that read `REDIS_URL`, or why there is none. */
export interface ExampleRedis {
  /** Undefined without a server: those examples are compiled, not run. */
  readonly url?: string;
  /** Set when a missing server fails the check (`CI=true`). */
  readonly problem?: string;
  stop(): Promise<void>;
}

/**
 * Starts a redis-server on a free loopback port (`@ballast/testing`, loaded once the packages are
 * built). Without the binary the examples that need it are compiled but not run: a message on a
 * developer's machine, a problem under `CI=true`, as for the Jest suite.
 */
export async function startExampleRedis(log: (message: string) => void): Promise<ExampleRedis> {
  const { redisServerAvailable, startRedisServer } = await import('@ballast/testing');
  const none = { stop: async () => undefined };
  try {
    if (!redisServerAvailable('consumer check')) return none;
  } catch (error) {
    return { ...none, problem: (error as Error).message };
  }
  const server = await startRedisServer();
  log(`redis-server on ${server.url} for the examples that read REDIS_URL`);
  return { url: server.url, stop: () => server.stop() };
}
