// The stores of the enabled features, each through its operator.
import type { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { enabledStores, type StoreKind, type StoreEntry } from '../catalog';
import { kafkaStore } from './kafka';
import { perconaServerMongoDb } from './mongodb';
import { perconaXtraDbCluster } from './mysql';
import { redisStore } from './redis';

const BY_KIND: Record<StoreKind, (scope: Construct, env: Environment, store: StoreEntry) => void> = {
  mysql: perconaXtraDbCluster,
  mongodb: perconaServerMongoDb,
  kafka: kafkaStore,
  redis: redisStore,
};

export function mojaloopStores(scope: Construct, env: Environment): void {
  for (const store of enabledStores(env.features)) BY_KIND[store.kind](scope, env, store);
}
