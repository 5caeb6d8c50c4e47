// How the cluster follows this repository: which GitOps tool, which
// repository and branch, and how often it looks.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Duration, Strict, StringEnum, Url } from '../types';
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
    browseUrl: Type.Optional(Url('Web address under which the files of the followed branch are shown (default: derived from url and branch, GitLab style "<project>/-/blob/<branch>", GitHub style on github.com). Runbook links in alerts point here.')),
  }, 'The Git repository holding dist/.'),
  interval: Type.Optional(Duration('How often the repository is polled.')),
}, 'GitOps sync settings.');

export type SyncFile = Static<typeof SyncSchema>;

export interface SyncConfig {
  tool: SyncTool;
  /** `browseUrl`: web address of the followed branch's files, without a trailing slash. */
  repository: { url: string; branch: string; secretName?: string; browseUrl: string };
  interval: string;
}

/**
 * Where a browser shows the files of `branch` of the repository cloned from `url`:
 * https://host/group/project(.git) or ssh://git@host[:port]/group/project(.git)
 * becomes https://host/group/project/-/blob/<branch> (GitLab, the seeds' forge),
 * or .../blob/<branch> on github.com. Other forges set `browseUrl` themselves.
 */
export function browseUrlOf(url: string, branch: string): string {
  const u = new URL(url);
  const project = u.pathname.replace(/\.git$/, '').replace(/\/+$/, '');
  const base = `https://${u.hostname}${u.protocol === 'https:' && u.port ? `:${u.port}` : ''}${project}`;
  return u.hostname === 'github.com' ? `${base}/blob/${branch}` : `${base}/-/blob/${branch}`;
}

export function resolveSync(file: SyncFile, stage: Stage): SyncConfig {
  const { url, branch = 'main', secretName, browseUrl } = file.repository;
  return {
    tool: file.tool ?? 'flux',
    repository: { url, branch, secretName, browseUrl: (browseUrl ?? browseUrlOf(url, branch)).replace(/\/+$/, '') },
    interval: file.interval ?? byStage(stage, { dev: '1m', test: '1m', staging: '5m', prod: '5m' }),
  };
}
