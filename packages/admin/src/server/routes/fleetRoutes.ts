import { AdminNotFoundError } from '../adminErrors.js';
import type { AdminContext } from '../AdminContext.js';
import type { AdminApp } from '../http/AdminApp.js';

/**
 * `GET /api/fleet`: this instance's id and every live instance of the fleet (host, pid, start,
 * last heartbeat, breakers, the app's extras), from the heartbeats. 404 without a fleet; 503
 * when the fleet's store cannot be read.
 */
export function fleetRoutes(app: AdminApp, { fleet }: AdminContext): void {
  app.get('/api/fleet', async () => {
    if (fleet === undefined)
      throw new AdminNotFoundError(
        'No fleet is configured: pass { fleet: new FleetControl(redis) } (@ballast/redis) to the admin API.',
      );
    return { self: fleet.instanceId, instances: await fleet.instances() };
  });
}
