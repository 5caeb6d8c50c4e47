// The cluster an environment renders for.
import type { Static } from '@sinclair/typebox';
import { DnsLabel, Strict } from '../types';

export const ClusterSchema = Strict({
  name: DnsLabel('Cluster name; the `cluster` external label on every metric and alert.'),
}, 'The K3S cluster.');

export interface ClusterConfig { name: string }

export const resolveCluster = (file: Static<typeof ClusterSchema>): ClusterConfig => ({ name: file.name });
