// Resource presets: requests and limits in one table, so sizes are
// comparable across components and environments.
import { k8s } from 'cdk8s-plus-27';
import type { Stage } from '../environment/sections/stage';

export interface ResourceSize { cpu: string; memory: string; cpuLimit?: string; memoryLimit?: string }

/** Requests; limits default to 2x CPU (burst) and 1x memory (memory is not compressible). */
export const PRESETS = {
  nano: { cpu: '10m', memory: '32Mi' },
  micro: { cpu: '50m', memory: '64Mi' },
  small: { cpu: '100m', memory: '256Mi' },
  medium: { cpu: '250m', memory: '512Mi' },
  large: { cpu: '500m', memory: '1Gi' },
  xlarge: { cpu: '1', memory: '2Gi' },
  '2xlarge': { cpu: '2', memory: '4Gi' },
  '4xlarge': { cpu: '4', memory: '8Gi' },
} as const satisfies Record<string, ResourceSize>;
export type Preset = keyof typeof PRESETS;

const ORDER = Object.keys(PRESETS) as Preset[];

/** Picks a preset by stage: dev one size smaller (one node carries everything), the rest as given. */
export const presetFor = (stage: Stage, preset: Preset): Preset =>
  stage === 'dev' ? ORDER[Math.max(0, ORDER.indexOf(preset) - 1)] : preset;

/** A size with its limits spelled out (2x CPU, 1x memory unless given). */
export function withLimits(size: Preset | ResourceSize): Required<ResourceSize> {
  const s: ResourceSize = typeof size === 'string' ? PRESETS[size] : size;
  return { cpu: s.cpu, memory: s.memory, cpuLimit: s.cpuLimit ?? doubleCpu(s.cpu), memoryLimit: s.memoryLimit ?? s.memory };
}

export function resources(size: Preset | ResourceSize): k8s.ResourceRequirements {
  const s = withLimits(size);
  return {
    requests: { cpu: k8s.Quantity.fromString(s.cpu), memory: k8s.Quantity.fromString(s.memory) },
    limits: { cpu: k8s.Quantity.fromString(s.cpuLimit), memory: k8s.Quantity.fromString(s.memoryLimit) },
  };
}

function doubleCpu(cpu: string): string {
  const milli = cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
  const twice = milli * 2;
  return twice % 1000 === 0 ? String(twice / 1000) : `${twice}m`;
}
