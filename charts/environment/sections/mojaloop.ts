// Switch settings an environment may override: image tags, a name prefix,
// and per-service replica counts (normally one replica per node of the pool).
import { Type, type Static } from '@sinclair/typebox';
import { IMAGES, SERVICES, type ImageName } from '../../mojaloop/catalog';
import { Replicas, Strict } from '../types';

const Tag = Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', description: 'Image tag.' });

export const MojaloopSchema = Strict({
  namePrefix: Type.Optional(Type.String({
    pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?-)?$',
    description: 'Prefix for every object the mojaloop chart creates (like a Helm release name, e.g. "moja-"). Ends with "-".',
  })),
  images: Type.Optional(Strict(
    Object.fromEntries(Object.keys(IMAGES).map((i) => [i, Type.Optional(Tag)])),
    'Image tags that differ from the pinned Mojaloop release, by image (docker.io/mojaloop/<image>).',
  )),
  replicas: Type.Optional(Strict(
    Object.fromEntries(SERVICES.map((s) => [s.name, Type.Optional(Replicas(`Replicas of ${s.name}.`))])),
    'Replica counts that differ from the default (one per node of the pool; 1 for singletons).',
  )),
}, 'Mojaloop switch overrides.');

export interface MojaloopConfig {
  namePrefix: string;
  images: Record<ImageName, string>;
  replicas: Partial<Record<string, number>>;
}

export const resolveMojaloop = (file: Static<typeof MojaloopSchema> | undefined): MojaloopConfig => ({
  namePrefix: file?.namePrefix ?? '',
  images: { ...IMAGES, ...(file?.images as Partial<Record<ImageName, string>>) },
  replicas: { ...(file?.replicas as Record<string, number>) },
});
