// The Mojaloop Testing Toolkit backend: runs test collections against the switch
// (driven by the CLI of the golden-path Job) and is itself a DFSP,
// "testingtoolkitdfsp", that receives its callbacks on the FSPIOP port. One replica:
// a run's outstanding requests and the callbacks that answer them live in its memory.
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { selectorLabels, standardLabels } from '../../lib/labels';
import { ONE_PER_NODE_STRATEGY, placement } from '../../lib/placement';
import { resources } from '../../lib/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../lib/security';
import { objectName, serviceUrl } from '../endpoints';
import { NODE_APP_UID, TESTING_IMAGES, TOOLKIT_FSP_ID, TOOLKIT_NAME, TOOLKIT_PORTS } from './catalog';

/** Test equipment stands in for DFSPs, which reach the switch where the API adapters are; placed with them. */
export const TESTING_POOL = 'CORE-API-ADAPTERS' as const;

/**
 * spec_files/user_config.json of ml-testing-toolkit v18.19 with the switch's Services:
 * the keys of the image's own file (mounted over it, so every key is given), without
 * its sample mTLS client credentials and its demo log-server URL. Callbacks the Toolkit
 * sends as a DFSP go to the switch service that owns the resource (as helm's
 * mojaloop/values.yaml configures ml-testing-toolkit-backend).
 */
export function toolkitUserConfig(env: Environment): Record<string, unknown> {
  return {
    VERSION: 1,
    CALLBACK_ENDPOINT: serviceUrl(env, 'ml-api-adapter-service'),
    CALLBACK_RESOURCE_ENDPOINTS: {
      enabled: true,
      endpoints: [
        { method: 'put', path: '/parties/{Type}/{ID}', endpoint: serviceUrl(env, 'account-lookup-service') },
        { method: 'put', path: '/quotes/{ID}', endpoint: serviceUrl(env, 'quoting-service') },
        { method: 'put', path: '/transfers/{ID}', endpoint: serviceUrl(env, 'ml-api-adapter-service') },
      ],
    },
    HUB_ONLY_MODE: false,
    ENDPOINTS_DFSP_WISE: { dfsps: {} },
    SEND_CALLBACK_ENABLE: true,
    FSPID: TOOLKIT_FSP_ID,
    DEFAULT_USER_FSPID: TOOLKIT_FSP_ID,
    TRANSFERS_VALIDATION_WITH_PREVIOUS_QUOTES: false,
    TRANSFERS_VALIDATION_ILP_PACKET: false,
    TRANSFERS_VALIDATION_CONDITION: false,
    MONITORING_LOG_INCLUDE_PAYLOAD: true,
    VERSIONING_SUPPORT_ENABLE: true,
    VALIDATE_INBOUND_JWS: false,
    VALIDATE_INBOUND_PUT_PARTIES_JWS: false,
    JWS_SIGN: false,
    JWS_SIGN_PUT_PARTIES: false,
    CLIENT_MUTUAL_TLS_ENABLED: false,
    ADVANCED_FEATURES_ENABLED: true,
    CALLBACK_TIMEOUT: 10000,
    DEFAULT_REQUEST_TIMEOUT: 3000,
    SCRIPT_TIMEOUT: 5000,
    CLIENT_TLS_CREDS: [],
  };
}

export const toolkitConfigText = (env: Environment): string => `${JSON.stringify(toolkitUserConfig(env), null, 2)}\n`;
export const configHash = (...parts: string[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 10);
};

export const toolkitUrl = (env: Environment, port: keyof typeof TOOLKIT_PORTS): string => `http://${objectName(env, TOOLKIT_NAME)}:${TOOLKIT_PORTS[port]}`;

export class TestingToolkit extends Construct {
  readonly selector: Record<string, string>;

  constructor(scope: Construct, env: Environment) {
    super(scope, TOOLKIT_NAME);
    const namespace = env.namespaces.mojaloop.name;
    const name = objectName(env, TOOLKIT_NAME);
    const id = { name: TOOLKIT_NAME, instance: name, component: 'testing', partOf: 'mojaloop' };
    this.selector = selectorLabels(id);
    const labels = standardLabels(env, id);
    const place = placement(env, TESTING_POOL, this.selector, { singleton: true });
    const config = toolkitConfigText(env);

    new k8s.KubeConfigMap(this, 'config', { metadata: { name: `${name}-config`, namespace, labels }, data: { 'user_config.json': config } });

    const port = (p: keyof typeof TOOLKIT_PORTS) => k8s.IntOrString.fromString(p === 'fspiop' ? 'fspiop' : 'admin');
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name, namespace, labels: { ...labels, 'app.kubernetes.io/version': TESTING_IMAGES.toolkit.split(':')[1] }, annotations: { 'mojaloop.io/singleton': 'a test run\'s outstanding requests and the callbacks answering them are held in memory' } },
      spec: {
        replicas: 1,
        revisionHistoryLimit: 3,
        // No surge: never two pods splitting the callbacks.
        strategy: ONE_PER_NODE_STRATEGY,
        selector: { matchLabels: this.selector },
        template: {
          metadata: { labels, annotations: { 'mojaloop.io/config-hash': configHash(config) } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(NODE_APP_UID),
            affinity: place.affinity,
            tolerations: place.tolerations,
            containers: [{
              name: 'ml-testing-toolkit',
              image: TESTING_IMAGES.toolkit,
              imagePullPolicy: 'IfNotPresent',
              // package.json "start" without npm, which would write its logs under a read-only $HOME.
              command: ['node', 'src/index.js'],
              workingDir: '/opt/app',
              ports: [
                { name: 'fspiop', containerPort: TOOLKIT_PORTS.fspiop, protocol: 'TCP' },
                { name: 'admin', containerPort: TOOLKIT_PORTS.admin, protocol: 'TCP' },
              ],
              resources: resources({ cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' }),
              // The admin API has no health route (src/lib/api-server.js); a listening socket is the signal.
              readinessProbe: { tcpSocket: { port: port('admin') }, periodSeconds: 10 },
              livenessProbe: { tcpSocket: { port: port('fspiop') }, periodSeconds: 20, failureThreshold: 3 },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [
                // src/lib/config.js reads spec_files/user_config.json relative to /opt/app.
                { name: 'config', mountPath: '/opt/app/spec_files/user_config.json', subPath: 'user_config.json', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            }],
            volumes: [
              { name: 'config', configMap: { name: `${name}-config` } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            ],
          },
        },
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        ports: [
          { name: 'fspiop', port: TOOLKIT_PORTS.fspiop, targetPort: port('fspiop'), protocol: 'TCP' },
          { name: 'admin', port: TOOLKIT_PORTS.admin, targetPort: port('admin'), protocol: 'TCP' },
        ],
      },
    });
  }
}
