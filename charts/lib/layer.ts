// A layer is one folder of dist/<env>/: a cdk8s Chart whose objects are
// written one file each, with a kustomization.yaml, plus any plain files the
// layer declares (for example alertmanager.yaml for a secretGenerator).
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';

export interface KustomizationExtras {
  secretGenerator?: Array<{ name: string; namespace?: string; files?: string[]; options?: { disableNameSuffixHash?: boolean; labels?: Record<string, string> } }>;
  configMapGenerator?: Array<{ name: string; namespace?: string; files?: string[]; options?: { disableNameSuffixHash?: boolean; labels?: Record<string, string> } }>;
}

export class LayerChart extends Chart {
  /** Plain files written next to the objects (name -> content). */
  readonly files = new Map<string, string>();
  readonly kustomization: KustomizationExtras = {};
  /**
   * Upstream sources the layer talks to at run time, beyond the kinds it uses
   * and the namespaces it writes into: the sync plan orders it after them.
   */
  readonly talksTo = new Set<string>();

  constructor(
    scope: Construct,
    /** Folder name under dist/<env>/. */
    readonly layer: string,
    readonly env: Environment,
    /** The namespace most objects of the layer live in; objects elsewhere get it in their file name. */
    readonly homeNamespace?: string,
  ) {
    super(scope, layer, { disableResourceNameHashes: true });
  }

  addFile(name: string, content: string): void {
    if (this.files.has(name)) throw new Error(`layer ${this.layer}: file ${name} added twice`);
    this.files.set(name, content);
  }
}
