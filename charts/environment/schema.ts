// The environment file schema: one TypeBox definition gives both the JSON
// schema (ajv validation, editor completion via environments/environment.schema.json)
// and the TypeScript type, so the two cannot drift.
import { Type, type Static } from '@sinclair/typebox';
import { Strict } from './types';
import { StageSchema } from './sections/stage';
import { ClusterSchema } from './sections/cluster';
import { NamespacesSchema } from './sections/namespaces';
import { FeaturesSchema } from './sections/features';
import { PoolsSchema } from './sections/pools';
import { MojaloopSchema } from './sections/mojaloop';
import { MonitoringSchema } from './sections/monitoring';
import { KairosSchema } from './sections/kairos';
import { SyncSchema } from './sections/sync';
import { SloSchema } from './sections/slo';
import { ApiVipSchema } from './sections/api-vip';
import { MirrorsSchema } from './sections/mirrors';
import { TrustSchema } from './sections/trust';
import { ParticipantsSchema } from './sections/participants';
import { BackupsSchema } from './sections/backups';
import { MaintenanceSchema } from './sections/maintenance';
import { TestingSchema } from './sections/testing';
import { GatewaysSchema } from './sections/gateways';

export const EnvironmentSchema = Strict({
  stage: StageSchema,
  cluster: ClusterSchema,
  namespaces: Type.Optional(NamespacesSchema),
  features: Type.Optional(FeaturesSchema),
  pools: PoolsSchema,
  mojaloop: Type.Optional(MojaloopSchema),
  monitoring: Type.Optional(MonitoringSchema),
  kairos: KairosSchema,
  sync: SyncSchema,
  slo: Type.Optional(SloSchema),
  apiVip: Type.Optional(ApiVipSchema),
  mirrors: Type.Optional(MirrorsSchema),
  trust: Type.Optional(TrustSchema),
  participants: Type.Optional(ParticipantsSchema),
  backups: Type.Optional(BackupsSchema),
  maintenance: Type.Optional(MaintenanceSchema),
  testing: Type.Optional(TestingSchema),
  gateways: Type.Optional(GatewaysSchema),
}, 'A Mojaloop switch environment. Defaults live in code; state only what differs.');

export type EnvironmentFile = Static<typeof EnvironmentSchema>;

/** The JSON schema as written to environments/environment.schema.json. */
export function jsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://mojaloop.io/gitops/environment.schema.json',
    title: 'Mojaloop GitOps environment',
    ...JSON.parse(JSON.stringify(EnvironmentSchema)),
  };
}
