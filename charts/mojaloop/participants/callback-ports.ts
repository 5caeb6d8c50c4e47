// The controlled egress for FSPIOP callbacks (seed 002 put an haproxy-callback
// on API-GATEWAY-INTERNAL for it): the services that call DFSPs back may open
// connections outside the cluster only to the ports the DFSPs' callback URLs
// name. A NetworkPolicy matches addresses, not host names, so the hosts cannot
// be pinned this way; that would need an egress proxy that Mojaloop's services
// can be pointed at (they take the callback URL as registered, with no proxy
// setting), which is why none is rendered.
import type { Environment } from '../../environment/environment';

/** HTTPS when no DFSP is declared yet (prod before onboarding): never an empty list, which would open every port. */
const DEFAULT_PORTS = [443];

export function callbackPorts(env: Environment): number[] {
  const ports = (env.participants?.dfsps ?? []).map((d) => {
    const u = new URL(d.callbackUrl);
    return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  });
  return ports.length ? [...new Set(ports)].sort((a, b) => a - b) : DEFAULT_PORTS;
}
