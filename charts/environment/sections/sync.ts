// How the cluster follows this repository: which GitOps tool, which
// repository and branch, and how often it looks.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Duration, Strict, StringEnum } from '../types';
import { byStage, type Stage } from './stage';

export const SYNC_TOOLS = ['flux', 'argocd'] as const;
export type SyncTool = (typeof SYNC_TOOLS)[number];

export const SyncSchema = Strict({
  tool: Type.Optional(StringEnum(SYNC_TOOLS, 'flux (default) or argocd.')),
  repository: Strict({
    url: Type.String({
      pattern: '^(https://[^\\s]+|ssh://[^\\s]+)$',
      title: 'an https:// or ssh:// Git URL',
      description: 'This repository as the cluster reaches it (e.g. the GitLab project).',
    }),
    branch: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._/-]+$', description: 'Branch the environment follows (default main).' })),
    secretName: Type.Optional(DnsLabel('Secret holding read credentials for the repository (a GitLab deploy token as username and password, or an ssh identity and known_hosts). Omit for a public repository.')),
  }, 'The Git repository holding dist/.'),
  interval: Type.Optional(Duration('How often the repository is polled.')),
}, 'GitOps sync settings.');

export type SyncFile = Static<typeof SyncSchema>;

export interface SyncConfig {
  tool: SyncTool;
  repository: { url: string; branch: string; secretName?: string };
  interval: string;
}

export function resolveSync(file: SyncFile, stage: Stage): SyncConfig {
  return {
    tool: file.tool ?? 'flux',
    repository: { url: file.repository.url, branch: file.repository.branch ?? 'main', secretName: file.repository.secretName },
    interval: file.interval ?? byStage(stage, { dev: '1m', test: '1m', staging: '5m', prod: '5m' }),
  };
}
