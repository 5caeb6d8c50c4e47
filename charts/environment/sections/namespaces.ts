// The two namespaces and the guard rails every environment puts on them
// (LimitRange defaults and a ResourceQuota ceiling).
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Quantity, Strict } from '../types';
import { byStage, type Stage } from './stage';

const NamespaceSchema = Strict({
  name: Type.Optional(DnsLabel('Namespace name.')),
  quota: Type.Optional(Strict({
    requestsCpu: Type.Optional(Quantity('Sum of CPU requests allowed in the namespace.')),
    requestsMemory: Type.Optional(Quantity('Sum of memory requests allowed.')),
    limitsCpu: Type.Optional(Quantity('Sum of CPU limits allowed.')),
    limitsMemory: Type.Optional(Quantity('Sum of memory limits allowed.')),
    requestsStorage: Type.Optional(Quantity('Sum of PersistentVolumeClaim requests allowed.')),
    pods: Type.Optional(Type.Integer({ minimum: 1, description: 'Maximum number of pods.' })),
  }, 'ResourceQuota of the namespace; defaults scale with the stage.')),
});

export const NamespacesSchema = Strict({
  monitoring: Type.Optional(NamespaceSchema),
  mojaloop: Type.Optional(NamespaceSchema),
}, 'The monitoring-core and mojaloop namespaces.');

export interface Quota {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  requestsStorage: string;
  pods: number;
}
export interface NamespaceConfig { name: string; quota: Quota }
export interface Namespaces { monitoring: NamespaceConfig; mojaloop: NamespaceConfig }

const QUOTA_DEFAULTS: Record<'monitoring' | 'mojaloop', Record<Stage, Quota>> = {
  monitoring: {
    dev: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', requestsStorage: '100Gi', pods: 50 },
    test: { requestsCpu: '8', requestsMemory: '24Gi', limitsCpu: '16', limitsMemory: '48Gi', requestsStorage: '500Gi', pods: 100 },
    staging: { requestsCpu: '10', requestsMemory: '32Gi', limitsCpu: '20', limitsMemory: '64Gi', requestsStorage: '1Ti', pods: 150 },
    // Node agents (Alloy, node-exporter) run on every one of ~60 nodes besides the MONITORING pool's workloads.
    prod: { requestsCpu: '16', requestsMemory: '56Gi', limitsCpu: '64', limitsMemory: '112Gi', requestsStorage: '2Ti', pods: 250 },
  },
  mojaloop: {
    // Sized to the rendered switch with its stores (test/scheduling.test.ts checks the sums).
    // dev's limits: the switch and its stores used 30.9 of 32 CPUs; the test equipment (testing.toolkit) adds about 1.
    dev: { requestsCpu: '12', requestsMemory: '24Gi', limitsCpu: '40', limitsMemory: '48Gi', requestsStorage: '300Gi', pods: 100 },
    test: { requestsCpu: '64', requestsMemory: '288Gi', limitsCpu: '128', limitsMemory: '384Gi', requestsStorage: '4Ti', pods: 300 },
    staging: { requestsCpu: '128', requestsMemory: '512Gi', limitsCpu: '256', limitsMemory: '1Ti', requestsStorage: '8Ti', pods: 500 },
    prod: { requestsCpu: '256', requestsMemory: '1Ti', limitsCpu: '512', limitsMemory: '2Ti', requestsStorage: '16Ti', pods: 800 },
  },
};

export function resolveNamespaces(file: Static<typeof NamespacesSchema> | undefined, stage: Stage): Namespaces {
  const one = (key: 'monitoring' | 'mojaloop', defaultName: string): NamespaceConfig => ({
    name: file?.[key]?.name ?? defaultName,
    quota: { ...byStage(stage, QUOTA_DEFAULTS[key]), ...file?.[key]?.quota },
  });
  return { monitoring: one('monitoring', 'monitoring-core'), mojaloop: one('mojaloop', 'mojaloop') };
}
