import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import proxyAddr from 'proxy-addr';

type Trust = boolean | readonly string[];

/** True for peers the server trusts as proxies: their connections carry many clients. */
function trustedPeer(trust: Trust): (address: string) => boolean {
  if (trust === false) return () => false;
  if (trust === true) return () => true;
  const check = proxyAddr.compile([...trust]);
  return (address) => check(address, 0);
}

/**
 * Closes a new connection at once when its peer already holds `max` open connections, so one
 * client cannot take every slot of `server.maxConnections`. Peers trusted as proxies are not
 * counted: they carry many clients, and the proxy limits each of them.
 */
export function capConnectionsPerClient(server: Server, max: number, trust: Trust): void {
  const trusted = trustedPeer(trust);
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined || trusted(address)) return;
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
