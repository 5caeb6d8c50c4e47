// The provisioning Job: a small script (provision.mjs, beside this file) run by a
// pinned public node image, reading the desired state from a ConfigMap. The
// ConfigMap and Job names carry a hash of script and data: when the participants
// section changes, a new Job runs (Flux prunes the old one); when it does not,
// nothing is re-run. The script itself is idempotent, so a re-run is harmless.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { selectorLabels, standardLabels } from '../../lib/labels';
import { placement } from '../../lib/placement';
import { resources } from '../../lib/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../lib/security';
import { serviceNamed } from '../catalog';
import { objectName, serviceUrl } from '../endpoints';
import { desiredState } from './desired';

/** Node 22 LTS on Alpine, from Docker Hub's official node images; its `node` user is uid 1000. */
export const PROVISION_IMAGE = 'docker.io/library/node:22.12.0-alpine';
const NODE_UID = 1000;

export const PROVISION_SCRIPT = readFileSync(path.join(import.meta.dirname, 'provision.mjs'), 'utf8');
export const PROVISION_NAME = 'participants-provision';
/** The admin APIs the script drives. */
export const PROVISION_CALLS = ['centralledger-service', 'account-lookup-service-admin'] as const;

export class ParticipantsProvisioning extends Construct {
  readonly jobName: string;

  constructor(scope: Construct, env: Environment) {
    super(scope, PROVISION_NAME);
    const participants = env.participants!;
    const namespace = env.namespaces.mojaloop.name;
    const desired = `${JSON.stringify(desiredState(env, participants), null, 2)}\n`;
    const hash = createHash('sha256').update(desired).update(PROVISION_SCRIPT).digest('hex').slice(0, 10);
    const name = objectName(env, PROVISION_NAME);
    const id = { name: PROVISION_NAME, instance: name, component: 'provisioning', partOf: 'mojaloop' };
    const labels = standardLabels(env, id);
    const ledger = serviceNamed('centralledger-service');
    const place = placement(env, ledger.pool, selectorLabels(id), { singleton: true });
    this.jobName = `${name}-${hash}`;

    new k8s.KubeConfigMap(this, 'data', {
      metadata: { name: `${name}-${hash}`, namespace, labels },
      data: { 'desired.json': desired, 'provision.mjs': PROVISION_SCRIPT },
    });
    new k8s.KubeJob(this, 'job', {
      metadata: { name: this.jobName, namespace, labels, annotations: { 'mojaloop.io/applies': 'environment participants section' } },
      spec: {
        backoffLimit: 10,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(NODE_UID),
            affinity: { nodeAffinity: place.affinity.nodeAffinity },
            tolerations: place.tolerations,
            containers: [{
              name: 'provision',
              image: PROVISION_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['node', '/provision/provision.mjs', '/provision/desired.json'],
              env: [
                { name: 'CENTRAL_LEDGER_URL', value: serviceUrl(env, 'centralledger-service') },
                { name: 'ALS_ADMIN_URL', value: serviceUrl(env, 'account-lookup-service-admin') },
              ],
              resources: resources({ cpu: '50m', memory: '64Mi', cpuLimit: '500m', memoryLimit: '128Mi' }),
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: 'provision', mountPath: '/provision', readOnly: true }],
            }],
            volumes: [{ name: 'provision', configMap: { name: `${name}-${hash}` } }],
          },
        },
      },
    });
  }
}

export function participantsProvisioning(scope: Construct, env: Environment): ParticipantsProvisioning | undefined {
  return env.participants ? new ParticipantsProvisioning(scope, env) : undefined;
}
