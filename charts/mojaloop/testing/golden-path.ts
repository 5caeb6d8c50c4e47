// The golden-path Job: after provisioning (and a funds-in for its DFSPs), the Testing Toolkit's CLI runs the
// golden-path collection of mojaloop/testing-toolkit-test-cases against the switch,
// as helm's ml-ttk-posthook-tests does (ml-testing-toolkit-cli chart: download the
// tag's zip, `npm run cli -- -c ... -e ... -i <collection> -u <backend>`). The
// collection is fetched at run time, from github.com or, on an air-gapped site,
// from mirrors.sources. The name carries a hash of everything the run depends on
// (participants, Toolkit config, environment file, collection, images), so a
// change runs it again and an unchanged environment runs nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { mirrorSource } from '../../environment/sections/mirrors';
import { selectorLabels, standardLabels } from '../../lib/labels';
import { placement } from '../../lib/placement';
import { resources } from '../../lib/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../lib/security';
import { objectName, serviceUrl } from '../endpoints';
import { desiredState } from '../participants/desired';
import { PROVISION_SCRIPT } from '../participants/job';
import { GOLDEN_PATH_CURRENCY, NODE_APP_UID, SIMULATED_DFSPS, TESTING_IMAGES, TEST_CASES, TOOLKIT_FSP_ID } from './catalog';
import { simulatorCallbackUrl, simulatorTestApiUrl } from './test-participants';
import { TESTING_POOL, configHash, toolkitConfigText, toolkitUrl } from './toolkit';

export const GOLDEN_PATH_NAME = 'golden-path';
export const WAIT_SCRIPT = readFileSync(path.join(import.meta.dirname, 'wait-provisioned.mjs'), 'utf8');
export const FUNDS_SCRIPT = readFileSync(path.join(import.meta.dirname, 'record-funds.mjs'), 'utf8');
/** The participants the collection sends as and to. */
export const GOLDEN_PATH_DFSPS = [TOOLKIT_FSP_ID, ...SIMULATED_DFSPS] as const;
/** The switch services the collection calls (besides the Toolkit and the simulators). */
export const GOLDEN_PATH_CALLS = ['account-lookup-service', 'account-lookup-service-admin', 'quoting-service', 'ml-api-adapter-service', 'centralledger-service', 'centralsettlement-service', 'transaction-requests-service'] as const;

/** Liquidity for each golden-path DFSP: its net-debit cap in the golden path's currency (<dfsp>:<currency>:<amount>). */
export const fundsTargets = (env: Environment): string[] => GOLDEN_PATH_DFSPS.map((id) => {
  const cap = env.participants?.dfsps.find((d) => d.id === id)?.currencies.find((c) => c.code === GOLDEN_PATH_CURRENCY)?.netDebitCap ?? 0;
  return `${id}:${GOLDEN_PATH_CURRENCY}:${cap}`;
});

/** helm ml-testing-toolkit-cli values.yaml testCasesZipUrl: <repository>/archive/<tag>.zip. */
export const testCasesZipUrl = (env: Environment): string => `${mirrorSource(env.mirrors, TEST_CASES.repository)}/archive/${TEST_CASES.tag}.zip`;

/**
 * The CLI's environment file: the inputs the collection reads, with the values of
 * testing-toolkit-test-cases v17.3.0 environments/hub.json except the hosts, which
 * are this namespace's Services. The bearer tokens are not checked by the switch
 * (hub.json HUB_OPERATOR_BEARER_TOKEN: NOT_APPLICABLE).
 */
export function goldenPathEnvironment(env: Environment): { inputValues: Record<string, string> } {
  const fsp = (v: string) => `application/vnd.interoperability.${v}`;
  return {
    inputValues: {
      HOST_ACCOUNT_LOOKUP_SERVICE: serviceUrl(env, 'account-lookup-service'),
      HOST_ACCOUNT_LOOKUP_ADMIN: serviceUrl(env, 'account-lookup-service-admin'),
      HOST_QUOTING_SERVICE: serviceUrl(env, 'quoting-service'),
      HOST_ML_API_ADAPTER: serviceUrl(env, 'ml-api-adapter-service'),
      HOST_CENTRAL_LEDGER: serviceUrl(env, 'centralledger-service'),
      // hub.json: "http://centralsettlement-service/v2" (the settlement API's basePath).
      HOST_CENTRAL_SETTLEMENT: `${serviceUrl(env, 'centralsettlement-service')}/v2`,
      HOST_TRANSACTION_REQUESTS_SERVICE: serviceUrl(env, 'transaction-requests-service'),
      CALLBACK_ENDPOINT_BASE_URL: toolkitUrl(env, 'fspiop'),
      PAYERFSP_CALLBACK_URL: simulatorCallbackUrl(env, 'payerfsp'),
      PAYERFSP_BACKEND_TESTAPI_URL: simulatorTestApiUrl(env, 'payerfsp'),
      PAYEEFSP_CALLBACK_URL: simulatorCallbackUrl(env, 'payeefsp'),
      PAYEEFSP_BACKEND_TESTAPI_URL: simulatorTestApiUrl(env, 'payeefsp'),
      HUB_OPERATOR_BEARER_TOKEN: 'NOT_APPLICABLE',
      TTK_BEARER_TOKEN: 'NOT_APPLICABLE',
      PAYEE_BEARER_TOKEN: 'NOT_APPLICABLE',
      fromFspId: TOOLKIT_FSP_ID,
      payerfsp: TOOLKIT_FSP_ID,
      toFspId: 'payeefsp',
      payeefsp: 'payeefsp',
      fromIdType: 'MSISDN',
      fromIdValue: '44123456789',
      fromFirstName: 'Firstname-Test',
      fromLastName: 'Lastname-Test',
      fromDOB: '1984-01-01',
      toIdType: 'MSISDN',
      toIdValue: '27713803912',
      note: 'test',
      currency: GOLDEN_PATH_CURRENCY,
      amount: '100',
      acceptParticipants: fsp('participants+json;version=1.0'),
      contentTypeParticipants: fsp('participants+json;version=1.0'),
      acceptParties: fsp('parties+json;version=1.1'),
      contentTypeParties: fsp('parties+json;version=1.1'),
      acceptQuotes: fsp('quotes+json;version=1.0'),
      contentTypeQuotes: fsp('quotes+json;version=1.0'),
      acceptTransfers: fsp('transfers+json;version=1.0'),
      contentTypeTransfers: fsp('transfers+json;version=1.1'),
      expectedPartiesVersion: '1.0',
      expectedQuotesVersion: '1.0',
      expectedTransfersVersion: '1.0',
    },
  };
}

/** helm ml-testing-toolkit-cli values.yaml configFileDefaults. */
export const CLI_CONFIG = { mode: 'outbound', logLevel: '2' } as const;

/**
 * helm ml-testing-toolkit-cli values.yaml `script`, without npm (package.json "cli" is
 * `node src/client.js`; npm writes logs under a read-only $HOME) and with the archive's
 * top folder found rather than assumed (a mirror may name it differently).
 */
export const RUN_SCRIPT = [
  'set -eu',
  'echo "golden path: downloading $TEST_CASES_ZIP_URL"',
  'wget -q -O /work/test-cases.zip "$TEST_CASES_ZIP_URL"',
  'unzip -q -o /work/test-cases.zip -d /work/test-cases',
  'root=$(ls -d /work/test-cases/*/ | head -n 1)',
  'inputs=""',
  'for p in $TEST_CASES_PATHS; do inputs="${inputs:+$inputs,}${root}${p}"; done',
  'exec node src/client.js -c /golden-path/cli-config.json -e /golden-path/environment.json -u "$TOOLKIT_ADMIN_URL" -i "$inputs" --report-format none',
].join('\n');

export class GoldenPath extends Construct {
  readonly jobName: string;

  constructor(scope: Construct, env: Environment) {
    super(scope, GOLDEN_PATH_NAME);
    const namespace = env.namespaces.mojaloop.name;
    const name = objectName(env, GOLDEN_PATH_NAME);
    const id = { name: GOLDEN_PATH_NAME, instance: name, component: 'testing', partOf: 'mojaloop' };
    const labels = standardLabels(env, id);
    const place = placement(env, TESTING_POOL, selectorLabels(id), { singleton: true });
    const environmentFile = `${JSON.stringify(goldenPathEnvironment(env), null, 2)}\n`;
    const cliConfig = `${JSON.stringify(CLI_CONFIG, null, 2)}\n`;
    const zipUrl = testCasesZipUrl(env);
    const participants = env.participants ? JSON.stringify(desiredState(env, env.participants)) : '';
    const hash = configHash(participants, PROVISION_SCRIPT, toolkitConfigText(env), environmentFile, cliConfig, WAIT_SCRIPT, FUNDS_SCRIPT, RUN_SCRIPT, zipUrl, TEST_CASES.paths.join(','), ...Object.values(TESTING_IMAGES));
    this.jobName = `${name}-${hash}`;

    new k8s.KubeConfigMap(this, 'data', {
      metadata: { name: this.jobName, namespace, labels },
      data: { 'environment.json': environmentFile, 'cli-config.json': cliConfig, 'wait-provisioned.mjs': WAIT_SCRIPT, 'record-funds.mjs': FUNDS_SCRIPT },
    });
    const restricted = restrictedContainerSecurityContext({ readOnlyRootFilesystem: true });
    const mounts: k8s.VolumeMount[] = [{ name: 'golden-path', mountPath: '/golden-path', readOnly: true }, { name: 'work', mountPath: '/work' }];
    new k8s.KubeJob(this, 'job', {
      metadata: { name: this.jobName, namespace, labels, annotations: { 'mojaloop.io/runs': `${zipUrl}: ${TEST_CASES.paths.join(', ')}` } },
      spec: {
        // A failed golden path is a finding to read, not to retry (helm: backoffLimit 0).
        backoffLimit: 0,
        activeDeadlineSeconds: 7200,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(NODE_APP_UID),
            affinity: { nodeAffinity: place.affinity.nodeAffinity },
            tolerations: place.tolerations,
            initContainers: [{
              name: 'wait-provisioned',
              image: TESTING_IMAGES.cli,
              imagePullPolicy: 'IfNotPresent',
              command: ['node', '/golden-path/wait-provisioned.mjs', ...GOLDEN_PATH_DFSPS],
              env: [
                { name: 'CENTRAL_LEDGER_URL', value: serviceUrl(env, 'centralledger-service') },
                { name: 'TOOLKIT_URL', value: toolkitUrl(env, 'admin') },
              ],
              resources: resources({ cpu: '10m', memory: '64Mi', memoryLimit: '128Mi' }),
              securityContext: restricted,
              volumeMounts: mounts,
            }, {
              name: 'record-funds',
              image: TESTING_IMAGES.cli,
              imagePullPolicy: 'IfNotPresent',
              command: ['node', '/golden-path/record-funds.mjs', ...fundsTargets(env)],
              env: [{ name: 'CENTRAL_LEDGER_URL', value: serviceUrl(env, 'centralledger-service') }],
              resources: resources({ cpu: '10m', memory: '64Mi', memoryLimit: '128Mi' }),
              securityContext: restricted,
              volumeMounts: mounts,
            }],
            containers: [{
              name: 'golden-path',
              image: TESTING_IMAGES.cli,
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', RUN_SCRIPT],
              workingDir: '/opt/app',
              env: [
                { name: 'TEST_CASES_ZIP_URL', value: zipUrl },
                { name: 'TEST_CASES_PATHS', value: TEST_CASES.paths.join(' ') },
                { name: 'TOOLKIT_ADMIN_URL', value: toolkitUrl(env, 'admin') },
              ],
              resources: resources({ cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' }),
              securityContext: restricted,
              volumeMounts: mounts,
            }],
            volumes: [
              { name: 'golden-path', configMap: { name: this.jobName } },
              { name: 'work', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
            ],
          },
        },
      },
    });
  }
}
