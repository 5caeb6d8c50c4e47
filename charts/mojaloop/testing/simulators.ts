// A simulated DFSP as helm's mojaloop-simulator chart runs one: the simulator
// backend (the DFSP's core banking: parties, quotes, transfers answered by rules),
// the sdk-scheme-adapter in front of it (the FSPIOP side the switch calls back),
// and the adapter's Redis cache. One pod, one replica: the backend's model database
// and the cache are in memory and belong to that pod.
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { selectorLabels, standardLabels } from '../../lib/labels';
import { ONE_PER_NODE_STRATEGY, placement } from '../../lib/placement';
import { resources } from '../../lib/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../lib/security';
import { serviceNamed } from '../catalog';
import { objectName } from '../endpoints';
import { NODE_APP_UID, REDIS_GID, REDIS_UID, SIMULATOR_PORTS, TESTING_IMAGES, simulatorName } from './catalog';
import { TESTING_POOL } from './toolkit';

/** The switch's FSPIOP services the scheme adapter sends to (sdk-scheme-adapter modules/api-svc/src/config.js *_ENDPOINT: host:port, no scheme). */
export const SDK_PEERS = {
  PEER_ENDPOINT: 'ml-api-adapter-service',
  ALS_ENDPOINT: 'account-lookup-service',
  QUOTES_ENDPOINT: 'quoting-service',
  TRANSFERS_ENDPOINT: 'ml-api-adapter-service',
  TRANSACTION_REQUESTS_ENDPOINT: 'transaction-requests-service',
} as const;

const hostPort = (env: Environment, svc: string) => `${objectName(env, svc)}:${serviceNamed(svc).port}`;


export class SimulatedDfsp extends Construct {
  readonly selector: Record<string, string>;

  constructor(scope: Construct, env: Environment, fsp: string) {
    super(scope, simulatorName(fsp));
    const namespace = env.namespaces.mojaloop.name;
    const name = objectName(env, simulatorName(fsp));
    const id = { name: simulatorName(fsp), instance: name, component: 'testing', partOf: 'mojaloop' };
    this.selector = selectorLabels(id);
    const labels = standardLabels(env, id);
    const place = placement(env, TESTING_POOL, this.selector, { singleton: true });
    const restricted = restrictedContainerSecurityContext({ readOnlyRootFilesystem: true });
    const env_ = (vars: Record<string, string>): k8s.EnvVar[] => Object.entries(vars).map(([n, value]) => ({ name: n, value }));

    // The simulator's rules (mojaloop-simulator src/index.js require(RULES_FILE)); none: every request gets the default answer.
    new k8s.KubeConfigMap(this, 'rules', { metadata: { name: `${name}-rules`, namespace, labels }, data: { 'rules.json': '[]\n' } });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name, namespace, labels, annotations: { 'mojaloop.io/singleton': 'the simulator\'s model database and the adapter\'s cache are in memory, in this pod' } },
      spec: {
        replicas: 1,
        revisionHistoryLimit: 3,
        strategy: ONE_PER_NODE_STRATEGY,
        selector: { matchLabels: this.selector },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(NODE_APP_UID),
            affinity: place.affinity,
            tolerations: place.tolerations,
            containers: [
              {
                name: 'backend',
                image: TESTING_IMAGES.simulator,
                imagePullPolicy: 'IfNotPresent',
                // package.json "start".
                command: ['node', './src/index.js'],
                workingDir: '/opt/app',
                // mojaloop-simulator v15.5.4 example.env and src/config.js (MUTUAL_TLS_ENABLED is read unconditionally).
                env: env_({
                  MUTUAL_TLS_ENABLED: 'false',
                  HTTPS_ENABLED: 'false',
                  LOG_INDENT: '0',
                  SQLITE_LOG_FILE: ':memory:',
                  MODEL_DATABASE: ':memory:',
                  OUTBOUND_ENDPOINT: `http://localhost:${SIMULATOR_PORTS.outbound}`,
                  DFSP_ID: fsp,
                  FEE_MULTIPLIER: '0.05',
                  RULES_FILE: '/rules/rules.json',
                }),
                ports: [
                  { name: 'backend', containerPort: SIMULATOR_PORTS.backend, protocol: 'TCP' },
                  { name: 'test-api', containerPort: SIMULATOR_PORTS.testApi, protocol: 'TCP' },
                ],
                resources: resources({ cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' }),
                // src/index.js serves /health on the simulator API.
                readinessProbe: { httpGet: { path: '/health', port: k8s.IntOrString.fromString('backend') }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/health', port: k8s.IntOrString.fromString('backend') }, periodSeconds: 20 },
                securityContext: restricted,
                volumeMounts: [{ name: 'rules', mountPath: '/rules', readOnly: true }],
              },
              {
                name: 'scheme-adapter',
                image: TESTING_IMAGES.schemeAdapter,
                imagePullPolicy: 'IfNotPresent',
                // modules/api-svc/package.json "start"; the image's `yarn run start` also starts the
                // bulk event handlers, which need Kafka, and nx writes its cache under the app.
                command: ['node', 'src/index.js'],
                workingDir: '/opt/app/modules/api-svc',
                // modules/api-svc/src/config.js; as mojaloop-simulator scheme-adapter-sim.env pairs it with the backend.
                env: env_({
                  DFSP_ID: fsp,
                  INBOUND_LISTEN_PORT: String(SIMULATOR_PORTS.inbound),
                  OUTBOUND_LISTEN_PORT: String(SIMULATOR_PORTS.outbound),
                  TEST_LISTEN_PORT: String(SIMULATOR_PORTS.sdkTest),
                  BACKEND_ENDPOINT: `localhost:${SIMULATOR_PORTS.backend}`,
                  ...Object.fromEntries(Object.entries(SDK_PEERS).map(([k, svc]) => [k, hostPort(env, svc)])),
                  CACHE_URL: `redis://localhost:${SIMULATOR_PORTS.cache}`,
                  INBOUND_MUTUAL_TLS_ENABLED: 'false',
                  OUTBOUND_MUTUAL_TLS_ENABLED: 'false',
                  VALIDATE_INBOUND_JWS: 'false',
                  JWS_SIGN: 'false',
                  ENABLE_TEST_FEATURES: 'true',
                  // Kafka-backed bulk handlers (default on) are not part of a single-transfer DFSP.
                  ENABLE_BACKEND_EVENT_HANDLER: 'false',
                  ENABLE_FSPIOP_EVENT_HANDLER: 'false',
                  LOG_INDENT: '0',
                }),
                ports: [
                  { name: 'fspiop', containerPort: SIMULATOR_PORTS.inbound, protocol: 'TCP' },
                  { name: 'outbound', containerPort: SIMULATOR_PORTS.outbound, protocol: 'TCP' },
                  { name: 'sdk-test', containerPort: SIMULATOR_PORTS.sdkTest, protocol: 'TCP' },
                ],
                resources: resources({ cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' }),
                // InboundServer/handlers.js answers GET / (health).
                readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('fspiop') }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('fspiop') }, periodSeconds: 20 },
                securityContext: restricted,
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
              {
                name: 'cache',
                image: TESTING_IMAGES.cache,
                imagePullPolicy: 'IfNotPresent',
                // A cache, not a store: nothing is saved (no RDB snapshots, no AOF); only the pod may connect.
                command: ['redis-server', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
                ports: [{ name: 'redis', containerPort: SIMULATOR_PORTS.cache, protocol: 'TCP' }],
                resources: resources({ cpu: '10m', memory: '32Mi', memoryLimit: '64Mi' }),
                readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 10 },
                securityContext: { ...restricted, runAsUser: REDIS_UID, runAsGroup: REDIS_GID },
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
            volumes: [
              { name: 'rules', configMap: { name: `${name}-rules` } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
              { name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            ],
          },
        },
      },
    });

    const port = (n: string, p: number): k8s.ServicePort => ({ name: n, port: p, targetPort: k8s.IntOrString.fromString(n), protocol: 'TCP' });
    new k8s.KubeService(this, 'service', {
      metadata: { name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        ports: [
          port('fspiop', SIMULATOR_PORTS.inbound),
          port('outbound', SIMULATOR_PORTS.outbound),
          port('sdk-test', SIMULATOR_PORTS.sdkTest),
          port('test-api', SIMULATOR_PORTS.testApi),
        ],
      },
    });
  }
}
