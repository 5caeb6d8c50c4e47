// Each defect put into a scratch copy of dist/prod makes the real control
// plane refuse it, with the file and the cause. The clean run is `npm run e2e`
// itself; here every case proves its check can fail.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2e, editObject, lines, moveToLayer, scratchDist } from './support';

const CONTAINER_DEPLOYMENT = 'mojaloop/deployment-account-lookup-service.yaml';

describe('e2e refuses a broken dist/prod', () => {
  it('an unknown field in a Deployment container (strict field validation)', async () => {
    const dist = scratchDist('prod');
    editObject(path.join(dist, CONTAINER_DEPLOYMENT), (d) => { d.spec.template.spec.containers[0].livenesProbe = d.spec.template.spec.containers[0].livenessProbe; });
    const r = await e2e('prod', dist);
    // Server-side apply's own strictness: the typed patch refuses the field.
    expect(lines(r)).toMatch(new RegExp(`${CONTAINER_DEPLOYMENT.replace('/', '\\/')}: Deployment mojaloop\\/account-lookup-service: server-side dry-run refused .*\\.livenesProbe: field not declared in schema`));
  });

  it('a namespaced object in a layer applied before its namespace exists', async () => {
    const dist = scratchDist('prod');
    // The namespace created by the later mojaloop layer, as before the fix.
    moveToLayer(dist, 'namespace-mojaloop.yaml', 'namespaces', 'mojaloop');
    const r = await e2e('prod', dist);
    // The first layer writing into mojaloop is cluster-services (the ExternalSecrets of the switch's Secrets).
    expect(lines(r)).toMatch(/cluster-services\/mojaloop_externalsecret-central-ledger-db-app-users\.yaml: ExternalSecret mojaloop\/central-ledger-db-app-users: server-side dry-run refused \(404 NotFound\): namespaces "mojaloop" not found/);
  });

  it('privileged: true in a mojaloop container (Pod Security, restricted)', async () => {
    const dist = scratchDist('prod');
    // (privileged with allowPrivilegeEscalation false is refused by validation before admission.)
    editObject(path.join(dist, CONTAINER_DEPLOYMENT), (d) => Object.assign(d.spec.template.spec.containers[0].securityContext, { privileged: true, allowPrivilegeEscalation: true }));
    const r = await e2e('prod', dist);
    expect(lines(r)).toMatch(new RegExp(`${CONTAINER_DEPLOYMENT.replace('/', '\\/')}: Deployment mojaloop\\/account-lookup-service: .*violate PodSecurity "restricted:latest": .*privileged \\(container`));
  });

  it('a Role losing watch on a kind an operator watches (RBAC, by the authorizer)', async () => {
    const dist = scratchDist('prod');
    editObject(path.join(dist, 'monitoring-core/mojaloop_role-grafana-operator.yaml'), (role) => {
      for (const rule of role.rules) rule.verbs = rule.verbs.filter((v: string) => v !== 'watch');
    });
    const r = await e2e('prod', dist);
    expect(lines(r)).toMatch(/grafana-operator\/v5@v5\.24\.0\/config\/rbac\/role\.yaml: ServiceAccount monitoring-core\/grafana-operator: cannot watch core\/configmaps in namespace mojaloop/);
  });
});

describe('e2e refuses a broken dist/test (Argo CD)', () => {
  it('a bootstrap patch of argocd-cm that replaces the install\'s keys instead of adding the health check', async () => {
    const dist = scratchDist('test');
    editObject(path.join(dist, 'bootstrap/argocd-cm-application-health.yaml'), (cm) => { cm.data.$patch = 'replace'; });
    const r = await e2e('test', dist);
    // The API server's own strategic merge (what kubectl patch sends) drops every key of the install.
    expect(lines(r)).toMatch(/bootstrap\/argocd-cm-application-health\.yaml: ConfigMap argocd\/argocd-cm: the patch removed the install's resource\.exclusions/);
  });
});
