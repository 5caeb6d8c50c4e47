// Wait-for-store init containers besides the migration wait (which also waits
// for MySQL): Kafka, as mojaloop/helm does it (mojaloop-common/templates/
// wait-for-kafka-initcontainer.yaml: the Kafka CLI's broker API-versions call in
// a loop, image solsson/kafka:2.8.1). Handlers otherwise crash-loop until the
// brokers answer.
import type { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import { resources } from '../lib/resources';
import { restrictedContainerSecurityContext } from '../lib/security';
import { kafkaBootstrap } from './endpoints';

/** The image helm's wait-for-kafka init container runs (its Kafka CLI speaks to Kafka 4 brokers: protocol >= 2.1). */
export const KAFKA_CLIENT_IMAGE = 'docker.io/solsson/kafka:2.8.1';

const SCRIPT = [
  'until ./bin/kafka-broker-api-versions.sh --bootstrap-server "$KAFKA_BOOTSTRAP" > /dev/null; do',
  '  echo "waiting for Kafka at $KAFKA_BOOTSTRAP"; sleep "${WAIT_SECONDS:-5}";',
  'done',
  'echo "Kafka is up"',
].join('\n');

export function waitForKafka(env: Environment): k8s.Container {
  return {
    name: 'wait-for-kafka',
    image: KAFKA_CLIENT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', SCRIPT],
    env: [
      { name: 'KAFKA_BOOTSTRAP', value: kafkaBootstrap(env) },
      // kafka-run-class.sh writes its logs under LOG_DIR; the root filesystem is read-only.
      { name: 'LOG_DIR', value: '/tmp' },
      { name: 'KAFKA_HEAP_OPTS', value: '-Xmx96m' },
    ],
    resources: resources({ cpu: '50m', memory: '128Mi', cpuLimit: '500m', memoryLimit: '192Mi' }),
    securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}
