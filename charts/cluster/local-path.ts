// The local-path provisioner (rancher.io/local-path), replacing K3S's packaged
// one (--disable=local-storage, charts/cluster/k3s-addons.ts), which K3S
// rewrites at every start without a placement setting. Written by Kairos into
// K3S's auto-deploy folder on every server (node-stages.ts), so it exists
// before any store claims a volume. Our per-pool StorageClasses
// (charts/mojaloop/storage.ts) name the same provisioner and keep working.
//
// K3S-style (k3s-io/k3s manifests/local-storage.yaml at commit 0362e38d,
// provisioner v0.0.29): in kube-system, the default StorageClass `local-path`
// (with K3S's defaultVolumeType: local), volumes under K3S's
// --default-local-storage-path /var/lib/rancher/k3s/storage (persistent on
// Kairos). From the pinned upstream release v0.0.30
// (github.com/rancher/local-path-provisioner deploy/local-path-storage.yaml,
// a Go module pinned in tools/upstream; test/k3s-addons.test.ts compares):
// the RBAC (a Role for the helper pods in its namespace, a ClusterRole to read
// the rest and write PersistentVolumes), the setup/teardown scripts, the
// helper pod template and CONFIG_MOUNT_PATH. Ours adds K3S's `chmod 700` of the
// storage folder to the setup script (volumes are 0777; the folder above them
// is not), a pinned helper image, and placement on K3S-CLUSTER-SVCS.
//
// The helper pods (one per volume created or deleted) run on the volume's
// node whatever its taints: the provisioner sets spec.nodeName and a
// toleration of every taint (provisioner.go, createHelperPod), in kube-system.
import type { Environment } from '../environment/environment';
import { mirrorImage } from '../environment/sections/mirrors';
import { LOCAL_PATH_PROVISIONER } from '../mojaloop/storage';
import { toYaml } from '../lib/yaml';
import { clusterServicesScheduling } from '../sync/upstream-placement';
import { K3S_MANIFESTS_DIR } from './k3s-addons';

export const LOCAL_PATH_VERSION = 'v0.0.30';
export const LOCAL_PATH_IMAGE = `docker.io/rancher/local-path-provisioner:${LOCAL_PATH_VERSION}`;
/** The helper pods' image: busybox as K3S pins it (its mirror rancher/mirrored-library-busybox:1.36.1); upstream's file says just "busybox". */
export const LOCAL_PATH_HELPER_IMAGE = 'docker.io/library/busybox:1.36.1';
/** Not local-storage.yaml: K3S deletes a file named after a disabled add-on (pkg/deploy/controller.go shouldDisableFile). */
export const LOCAL_PATH_MANIFEST = `${K3S_MANIFESTS_DIR}/mojaloop-local-path.yaml`;
/** K3S's --default-local-storage-path: <data-dir>/storage. */
export const LOCAL_STORAGE_PATH = '/var/lib/rancher/k3s/storage';

export const LOCAL_PATH_NAMESPACE = 'kube-system';
const NS = LOCAL_PATH_NAMESPACE;
const NAME = 'local-path-provisioner';
const SERVICE_ACCOUNT = 'local-path-provisioner-service-account';
const ROLE = 'local-path-provisioner-role';
const BINDING = 'local-path-provisioner-bind';
const CONFIG = 'local-path-config';
const SELECTOR = { app: NAME };

/** Upstream's RBAC at v0.0.30, in our namespace. */
export const LOCAL_PATH_ROLE_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
];
export const LOCAL_PATH_CLUSTER_ROLE_RULES = [
  { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
];

/** The provisioner's ConfigMap: where volumes go, how a helper pod creates and removes one. */
export function localPathConfig(env: Environment): Record<string, string> {
  return {
    'config.json': JSON.stringify({ nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: [LOCAL_STORAGE_PATH] }] }, null, 2),
    setup: ['#!/bin/sh', 'set -eu', 'mkdir -m 0777 -p "$VOL_DIR"', 'chmod 700 "$VOL_DIR/.."'].join('\n'),
    teardown: ['#!/bin/sh', 'set -eu', 'rm -rf "$VOL_DIR"'].join('\n'),
    'helperPod.yaml': toYaml({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'helper-pod' },
      spec: {
        priorityClassName: 'system-node-critical',
        tolerations: [{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'helper-pod', image: mirrorImage(env.mirrors, LOCAL_PATH_HELPER_IMAGE), imagePullPolicy: 'IfNotPresent' }],
      },
    }),
  };
}

export function localPathObjects(env: Environment): Array<Record<string, any>> {
  const { affinity, tolerations } = clusterServicesScheduling(env);
  const subjects = [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: NS }];
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SERVICE_ACCOUNT, namespace: NS } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: ROLE, namespace: NS }, rules: LOCAL_PATH_ROLE_RULES },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: ROLE }, rules: LOCAL_PATH_CLUSTER_ROLE_RULES },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: BINDING, namespace: NS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ROLE }, subjects },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: BINDING }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ROLE }, subjects },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CONFIG, namespace: NS }, data: localPathConfig(env) },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME, namespace: NS },
      spec: {
        // One: the provisioner runs without leader election (main.go, LeaderElection(false)),
        // so two would race for every claim; Recreate keeps it one during a rollout too.
        replicas: 1,
        revisionHistoryLimit: 0,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: { labels: SELECTOR },
          spec: {
            priorityClassName: 'system-node-critical',
            serviceAccountName: SERVICE_ACCOUNT,
            affinity,
            tolerations,
            containers: [{
              name: NAME,
              image: mirrorImage(env.mirrors, LOCAL_PATH_IMAGE),
              imagePullPolicy: 'IfNotPresent',
              command: ['local-path-provisioner', 'start', '--config', '/etc/config/config.json'],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
              env: [
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                // The helper pod template is re-read from here when the ConfigMap changes (provisioner.go refreshHelperPod).
                { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
              ],
              // Neither upstream nor K3S set any; a small controller, requests so the scheduler counts it.
              resources: { requests: { cpu: '10m', memory: '32Mi' } },
            }],
            volumes: [{ name: 'config-volume', configMap: { name: CONFIG } }],
          },
        },
      },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local-path', annotations: { defaultVolumeType: 'local', 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: LOCAL_PATH_PROVISIONER,
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
    },
  ];
}
