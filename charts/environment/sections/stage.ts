import { StringEnum } from '../types';

/**
 * What kind of environment this is. staging and prod are production-like:
 * quorum sizes must be odd and >= 3 and never-merge pools stay dedicated.
 */
export const STAGES = ['dev', 'test', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];
export const StageSchema = StringEnum(STAGES, 'dev (single node), test (combined pools), staging or prod (production-like).');

export const isProductionLike = (stage: Stage): boolean => stage === 'staging' || stage === 'prod';

/** Picks a default by stage: the one place where environments differ in code. */
export const byStage = <T>(stage: Stage, values: Record<Stage, T>): T => values[stage];
