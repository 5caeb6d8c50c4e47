// The Loki gateway's nginx.conf, as rendered, under Debian's nginx: every Loki
// route reaches the right component through the cluster DNS names. A config
// without `resolver` starts and passes its probe on `/`, but answers 502 on
// every push and query: the scratch test puts that defect back.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOKI_HTTP_PORT } from '../charts/monitoring-core/loki-config';
import { ENV_NAMES, environment } from './support/bundled';
import { checkGateway, gatewayConfig } from './support/loki-gateway';
import { DIST, editConfigMapData, scratchDist } from './support/scratch-dist';

describe.each(ENV_NAMES)('Loki gateway of %s under nginx', (name) => {
  const env = environment(name);
  const envDir = path.join(DIST, name);

  it(env.monitoring.loki.mode === 'distributed' ? 'routes push, ring, tail, query and compactor paths to their components' : 'is not rendered (monolithic Loki: Alloy and Grafana talk to the single binary)', async () => {
    if (env.monitoring.loki.mode !== 'distributed') {
      expect(gatewayConfig(envDir)).toBeUndefined();
      return;
    }
    expect(await checkGateway(envDir, env.namespaces.monitoring.name, LOKI_HTTP_PORT)).toEqual([]);
  });
});

describe('Loki gateway defects put back into a scratch dist/', () => {
  const name = ENV_NAMES.find((n) => environment(n).monitoring.loki.mode === 'distributed')!;
  const env = environment(name);

  it('without a resolver, every push and query fails with 502 while the probe path stays green', async () => {
    const dir = scratchDist(name);
    try {
      editConfigMapData(path.join(dir, 'monitoring-core/configmap-loki-gateway.yaml'), 'nginx.conf', (t) => t.replace(/^\s*resolver .*\n/m, ''));
      const problems = await checkGateway(dir, env.namespaces.monitoring.name, LOKI_HTTP_PORT);
      expect(problems.join('\n')).toContain('POST /loki/api/v1/push: HTTP 502, reached no component; expected loki-distributor');
      expect(problems.join('\n')).toContain('no resolver defined to resolve loki-distributor');
      expect(problems.join('\n')).not.toContain('GET / (the probe path)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a proxy_pass to the wrong component is named', async () => {
    const dir = scratchDist(name);
    try {
      editConfigMapData(path.join(dir, 'monitoring-core/configmap-loki-gateway.yaml'), 'nginx.conf', (t) => t.replace('location ^~ /loki/api/ { proxy_pass http://loki-query-frontend.', 'location ^~ /loki/api/ { proxy_pass http://loki-querier.'));
      const problems = await checkGateway(dir, env.namespaces.monitoring.name, LOKI_HTTP_PORT);
      expect(problems.join('\n')).toContain('reached loki-querier; expected loki-query-frontend');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
