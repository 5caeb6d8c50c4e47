// Loki 3.x configuration as data: one file for every component (each runs
// with -target=<component>). Schema v13 on tsdb; filesystem in monolithic
// mode, S3-compatible object storage in distributed mode with the access key
// expanded from environment variables (-config.expand-env=true) that come from
// a Secret. Simple-scalable (read/write/backend targets) is deprecated
// upstream and deliberately absent.
import type { Environment } from '../environment/environment';
import { caFile } from '../environment/sections/trust';

export const LOKI_HTTP_PORT = 3100;
export const LOKI_GRPC_PORT = 9095;
export const LOKI_MEMBERLIST_PORT = 7946;
export const LOKI_DATA = '/var/loki';
/** The schema's first day; a later schema change appends a period, never edits this one. */
export const SCHEMA_FROM = '2024-04-01';

export const DISTRIBUTED_TARGETS = ['distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'index-gateway', 'compactor'] as const;
export type LokiTarget = (typeof DISTRIBUTED_TARGETS)[number];

const host = (env: Environment, svc: string) => `${svc}.${env.namespaces.monitoring.name}.svc.cluster.local`;

export function lokiConfig(env: Environment): Record<string, unknown> {
  const l = env.monitoring.loki;
  const distributed = l.mode === 'distributed';
  const os = l.objectStorage;
  const store = distributed ? 's3' : 'filesystem';
  const endpoint = os ? new URL(os.endpoint) : undefined;

  return {
    auth_enabled: false,
    server: { http_listen_port: LOKI_HTTP_PORT, grpc_listen_port: LOKI_GRPC_PORT, log_level: 'info', log_format: 'json', grpc_server_max_recv_msg_size: 8388608, grpc_server_max_send_msg_size: 8388608 },
    common: {
      path_prefix: LOKI_DATA,
      replication_factor: distributed ? 3 : 1,
      ...(distributed
        ? {
          ring: { kvstore: { store: 'memberlist' } },
          compactor_address: `http://${host(env, 'loki-compactor')}:${LOKI_HTTP_PORT}`,
          storage: {
            s3: {
              endpoint: endpoint!.host,
              insecure: endpoint!.protocol === 'http:',
              bucketnames: os!.bucket,
              region: os!.region,
              access_key_id: '${AWS_ACCESS_KEY_ID}',
              secret_access_key: '${AWS_SECRET_ACCESS_KEY}',
              s3forcepathstyle: true,
              // Internal object storage signed by the environment's CA (mounted by loki.ts).
              ...(env.trust.caBundle && endpoint!.protocol === 'https:' ? { http_config: { ca_file: caFile(env.trust.caBundle) } } : {}),
            },
          },
        }
        : {
          ring: { kvstore: { store: 'inmemory' }, instance_addr: '127.0.0.1' },
          storage: { filesystem: { chunks_directory: `${LOKI_DATA}/chunks`, rules_directory: `${LOKI_DATA}/rules` } },
        }),
    },
    ...(distributed ? { memberlist: { join_members: [`${host(env, 'loki-memberlist')}:${LOKI_MEMBERLIST_PORT}`], bind_port: LOKI_MEMBERLIST_PORT } } : {}),
    schema_config: {
      configs: [{ from: SCHEMA_FROM, store: 'tsdb', object_store: store, schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    },
    storage_config: {
      tsdb_shipper: {
        active_index_directory: `${LOKI_DATA}/tsdb-index`,
        cache_location: `${LOKI_DATA}/tsdb-cache`,
        ...(distributed ? { index_gateway_client: { server_address: `dns:///${host(env, 'loki-index-gateway-headless')}:${LOKI_GRPC_PORT}` } } : {}),
      },
    },
    ingester: {
      chunk_encoding: 'snappy',
      chunk_idle_period: '30m',
      max_chunk_age: '2h',
      wal: { enabled: true, dir: `${LOKI_DATA}/wal` },
    },
    limits_config: {
      retention_period: l.retention,
      reject_old_samples: true,
      reject_old_samples_max_age: '168h',
      max_query_lookback: l.retention,
      ingestion_rate_mb: distributed ? 16 : 8,
      ingestion_burst_size_mb: distributed ? 32 : 16,
      per_stream_rate_limit: '5MB',
      max_label_names_per_series: 15,
      allow_structured_metadata: true,
      volume_enabled: true,
      split_queries_by_interval: '1h',
    },
    compactor: {
      working_directory: `${LOKI_DATA}/compactor`,
      compaction_interval: '10m',
      retention_enabled: true,
      retention_delete_delay: '2h',
      delete_request_store: store,
    },
    query_range: { align_queries_with_step: true, cache_results: false },
    ...(distributed ? {
      frontend: {
        scheduler_address: `${host(env, 'loki-query-scheduler-headless')}:${LOKI_GRPC_PORT}`,
        tail_proxy_url: `http://${host(env, 'loki-querier')}:${LOKI_HTTP_PORT}`,
        compress_responses: true,
        log_queries_longer_than: '10s',
      },
      frontend_worker: { scheduler_address: `${host(env, 'loki-query-scheduler-headless')}:${LOKI_GRPC_PORT}` },
      query_scheduler: { max_outstanding_requests_per_tenant: 32768 },
      querier: { max_concurrent: 4 },
      distributor: { ring: { kvstore: { store: 'memberlist' } } },
    } : {}),
    ruler: { enable_api: false },
    pattern_ingester: { enabled: false },
    analytics: { reporting_enabled: false },
  };
}
