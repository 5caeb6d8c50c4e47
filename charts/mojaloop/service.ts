// One Mojaloop service = Deployment + Service (port named `http`, which the
// ServiceMonitors select) + PodDisruptionBudget + its configuration, placed on
// its pool one replica per node.
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { selectorLabels, standardLabels } from '../lib/labels';
import { ONE_PER_NODE_STRATEGY, placement, podDisruptionBudget } from '../lib/placement';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../lib/security';
import { DOCKER_REGISTRY, MOJALOOP_UID, type ServiceEntry } from './catalog';
import { serviceConfig } from './config';
import { configVolume, databasesOf, waitForMigration } from './migration-job';
import { waitForKafka } from './waits';
import { objectName } from './endpoints';
import { serviceResources } from './sizing';

/** Pod label NetworkPolicies select API services by (ingress from outside the namespace). */
export const ROLE_LABEL = 'mojaloop.io/role';

export { DOCKER_REGISTRY };

export const replicasOf = (env: Environment, svc: ServiceEntry): number =>
  svc.singleton ? 1 : (env.mojaloop.replicas[svc.name] ?? env.topology.nodesOf(svc.pool).length);

export class MojaloopService extends Construct {
  readonly name: string;
  readonly selector: Record<string, string>;

  constructor(scope: Construct, env: Environment, svc: ServiceEntry) {
    super(scope, svc.name);
    const namespace = env.namespaces.mojaloop.name;
    const tag = env.mojaloop.images[svc.image];
    this.name = objectName(env, svc.name);
    const id = { name: svc.name, instance: this.name, component: svc.role, partOf: 'mojaloop', version: tag };
    this.selector = selectorLabels(id);
    // The version label sits where the image is (the Deployment and its pods):
    // on the Service, PDB and ConfigMap it would make every tag bump touch
    // objects that did not change.
    const labels = standardLabels(env, { ...id, version: undefined });
    const workloadLabels = standardLabels(env, id);
    const place = placement(env, svc.pool, this.selector, { singleton: Boolean(svc.singleton), replicas: replicasOf(env, svc) });
    const config = serviceConfig(this, env, svc);

    const cfg = configVolume(`${this.name}-config`, config.file);
    if (config.file) {
      new k8s.KubeConfigMap(this, 'config', {
        metadata: { name: `${this.name}-config`, namespace, labels },
        data: { [config.file.key]: `${JSON.stringify(config.file.content, null, 2)}\n` },
      });
    }
    const volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }, ...cfg.volumes];
    const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }, ...cfg.mounts];
    // No race with the schema: wait until each database this service uses is migrated.
    const initContainers = [
      ...databasesOf(env, svc).map((m) => waitForMigration(this, env, m, m.database)),
      ...(svc.stores.includes('kafka') ? [waitForKafka(env)] : []),
    ];

    const http = k8s.IntOrString.fromString('http');
    const probe = (p: Partial<k8s.Probe>): k8s.Probe => ({ httpGet: { path: svc.healthPath, port: http }, timeoutSeconds: 5, ...p });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: {
        name: this.name,
        namespace,
        labels: workloadLabels,
        ...(svc.singleton ? { annotations: { 'mojaloop.io/singleton': svc.singleton } } : {}),
      },
      spec: {
        replicas: place.replicas,
        revisionHistoryLimit: 3,
        strategy: ONE_PER_NODE_STRATEGY,
        selector: { matchLabels: this.selector },
        template: {
          metadata: { labels: { ...workloadLabels, [ROLE_LABEL]: svc.role } },
          spec: {
            automountServiceAccountToken: false,
            // Service links would add e.g. ALS_MSISDN_ORACLE_PORT=tcp://..., which rc/convict read as configuration.
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(MOJALOOP_UID),
            affinity: place.affinity,
            tolerations: place.tolerations,
            topologySpreadConstraints: place.topologySpreadConstraints,
            terminationGracePeriodSeconds: 30,
            ...(initContainers.length ? { initContainers } : {}),
            containers: [{
              name: svc.name,
              image: `${DOCKER_REGISTRY}/${svc.image}:${tag}`,
              imagePullPolicy: 'IfNotPresent',
              command: [...svc.command],
              ports: [{ name: 'http', containerPort: svc.port, protocol: 'TCP' }],
              env: config.env,
              resources: serviceResources(env, svc),
              // Startup covers schema migrations and Kafka/DB connection on first boot.
              startupProbe: probe({ periodSeconds: 10, failureThreshold: 30 }),
              readinessProbe: probe({ periodSeconds: 10, failureThreshold: 3 }),
              livenessProbe: probe({ periodSeconds: 15, failureThreshold: 4 }),
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: mounts,
            }],
            volumes,
          },
        },
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        ports: [{ name: 'http', port: svc.port, targetPort: http, protocol: 'TCP' }],
      },
    });

    podDisruptionBudget(this, { name: this.name, namespace, labels, selector: this.selector, replicas: place.replicas });
  }
}
