// The environment the rule unit tests assume: a prefixed release in namespace
// "mojaloop" with a 99.9% objective over 30 days.
import type { RuleContext } from '../rules/model';

export const TEST_CONTEXT: RuleContext = {
  namespace: 'mojaloop',
  namePrefix: 'moja-',
  objective: 99.9,
  windowHours: 720,
  runbookBaseUrl: 'https://git.example.org/ops/switch/-/blob/main/monitoring/mojaloop/runbooks.md',
  handlers: ['centralledger-handler-transfer-prepare', 'ml-api-adapter-handler-notification', 'quoting-service-handler'],
  consumerGroups: ['cl-group-transfer-prepare', 'ml-group-notification-event', 'group-quotes-handler-post'],
  stores: [
    { name: 'moja-central-ledger-db', kind: 'mysql', members: 3 },
    { name: 'moja-kafka', kind: 'kafka', members: 3 },
    { name: 'moja-proxy-cache', kind: 'redis', members: 3 },
    { name: 'moja-bulk-db', kind: 'mongodb', members: 3 },
  ],
  backups: { maxAgeHours: 26 },
};

export const TEST_SCRAPED = ['centralledger-service', 'ml-api-adapter-service', 'quoting-service'];
