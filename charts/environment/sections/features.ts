import { Type, type Static } from '@sinclair/typebox';
import { Strict } from '../types';
import type { FeatureFlags } from '../../mojaloop/catalog';

export const FeaturesSchema = Strict({
  bulk: Type.Optional(Type.Boolean({ description: 'Bulk payments: bulk-api-adapter, bulk handlers and the bulk MongoDB.' })),
  thirdParty: Type.Optional(Type.Boolean({ description: 'Third-party payment initiation (3PPI): auth-service, consent oracle, tp-api-svc.' })),
  businessOps: Type.Optional(Type.Boolean({ description: 'Business operations (reporting events store).' })),
}, 'Optional Mojaloop features; all off unless set.');

export const resolveFeatures = (file: Static<typeof FeaturesSchema> | undefined): FeatureFlags => ({
  bulk: file?.bulk ?? false,
  thirdParty: file?.thirdParty ?? false,
  businessOps: file?.businessOps ?? false,
});
