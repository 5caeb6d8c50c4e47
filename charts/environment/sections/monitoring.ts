// monitoring-core settings an environment may override.
import { Type, type Static } from '@sinclair/typebox';
import { ByteSize, Duration, Quantity, Replicas, Strict, StringEnum, Url } from '../types';
import { byStage, type Stage } from './stage';

export const MonitoringSchema = Strict({
  prometheus: Type.Optional(Strict({
    replicas: Type.Optional(Replicas('Prometheus replicas (an HA pair scrapes the same targets).')),
    retention: Type.Optional(Duration('How long samples are kept, e.g. 15d.')),
    retentionSize: Type.Optional(ByteSize('Size at which the oldest blocks are dropped, e.g. 80GB.')),
    storage: Type.Optional(Quantity('PersistentVolume size per replica.')),
    scrapeInterval: Type.Optional(Duration('Default scrape interval.')),
    remoteWrite: Type.Optional(Strict({
      url: Url('Remote-write endpoint of the central Prometheus/Mimir.'),
    }, 'Send samples to a central view (the "single pane of glass").')),
  })),
  alertmanager: Type.Optional(Strict({
    replicas: Type.Optional(Replicas('Alertmanager replicas (gossip cluster; odd in production-like environments).')),
  })),
  loki: Type.Optional(Strict({
    mode: Type.Optional(StringEnum(['monolithic', 'distributed'] as const, 'monolithic on a filesystem volume, or distributed on object storage.')),
    retention: Type.Optional(Duration('Log retention, e.g. 30d.')),
  })),
}, 'monitoring-core overrides.');

export interface MonitoringConfig {
  prometheus: { replicas: number; retention: string; retentionSize: string; storage: string; scrapeInterval: string; remoteWrite?: { url: string } };
  alertmanager: { replicas: number };
  loki: { mode: 'monolithic' | 'distributed'; retention: string };
}

export function resolveMonitoring(file: Static<typeof MonitoringSchema> | undefined, stage: Stage): MonitoringConfig {
  return {
    prometheus: {
      replicas: byStage(stage, { dev: 1, test: 1, staging: 2, prod: 2 }),
      retention: byStage(stage, { dev: '3d', test: '7d', staging: '15d', prod: '30d' }),
      retentionSize: byStage(stage, { dev: '8GB', test: '40GB', staging: '80GB', prod: '400GB' }),
      storage: byStage(stage, { dev: '10Gi', test: '50Gi', staging: '100Gi', prod: '450Gi' }),
      scrapeInterval: '30s',
      ...file?.prometheus,
    },
    alertmanager: { replicas: byStage(stage, { dev: 1, test: 1, staging: 3, prod: 3 }), ...file?.alertmanager },
    loki: {
      mode: byStage(stage, { dev: 'monolithic', test: 'monolithic', staging: 'distributed', prod: 'distributed' } as const),
      retention: byStage(stage, { dev: '7d', test: '14d', staging: '30d', prod: '90d' }),
      ...file?.loki,
    },
  };
}
