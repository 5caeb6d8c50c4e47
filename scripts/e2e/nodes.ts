// The environment's Nodes as Kairos would bring them up: one per rendered
// cloud-config in dist/<env>/kairos/, with exactly the labels and taints its
// K3S arguments give (--node-name, --node-label, --node-taint), plus what the
// kubelet and K3S add themselves. Only capacity comes from the environment
// model: a cloud-config does not say how big the machine is.
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import type { KubeObject } from './kube';

export interface NodeSpec {
  name: string;
  file: string;
  server: boolean;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

export function nodesFromKairos(distEnv: string): NodeSpec[] {
  const dir = path.join(distEnv, 'kairos');
  const out: NodeSpec[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.yaml') || f.startsWith('auroraboot-')) continue;
    const file = path.join(dir, f);
    const doc = yaml.load(fs.readFileSync(file, 'utf8')) as any;
    const k3s = doc?.k3s?.enabled ? doc.k3s : doc?.['k3s-agent']?.enabled ? doc['k3s-agent'] : undefined;
    if (!k3s) throw new Error(`${file}: neither k3s nor k3s-agent is enabled: not a node config`);
    const args: string[] = (k3s.args ?? []).map((a: string) => a.replace(/^"(.*)"$/, '$1'));
    const values = (flag: string) => args.filter((a) => a.startsWith(`${flag}=`)).map((a) => a.slice(flag.length + 1));
    const name = values('--node-name')[0] ?? doc.hostname;
    if (!name) throw new Error(`${file}: no --node-name and no hostname`);
    const server = k3s === doc.k3s;
    const labels: Record<string, string> = {
      // The kubelet's own labels, and K3S's for servers (k3s pkg/agent and pkg/server at v1.36).
      'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'k3s',
      ...(server ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true', 'node-role.kubernetes.io/etcd': 'true' } : {}),
    };
    for (const l of values('--node-label')) {
      const [k, v = ''] = l.split('=');
      labels[k] = v;
    }
    const taints = values('--node-taint').map((t) => {
      const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t);
      if (!m) throw new Error(`${file}: --node-taint=${t} is not key[=value]:Effect`);
      return { key: m[1], ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3] };
    });
    out.push({ name, file, server, labels, taints });
  }
  return out;
}

export interface Capacity { cpu: number; memoryBytes: number; pods?: number }

/** A Node object, Ready, with the given capacity (K3S reserves nothing by default: allocatable = capacity). */
export function nodeObject(n: NodeSpec, c: Capacity): KubeObject {
  const resources = { cpu: String(c.cpu), memory: String(c.memoryBytes), pods: String(c.pods ?? 110), 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels: n.labels },
    spec: { taints: n.taints },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'e2e: registered from its Kairos cloud-config' }],
      nodeInfo: { kubeletVersion: 'v1.36.3+k3s1', kubeProxyVersion: '', architecture: 'amd64', operatingSystem: 'linux', containerRuntimeVersion: 'containerd://2.0.0', osImage: 'Kairos', kernelVersion: '', machineID: '', systemUUID: '', bootID: '' },
    },
  };
}
