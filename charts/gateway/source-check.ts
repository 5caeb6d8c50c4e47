// The external gateway refuses a request whose FSPIOP-Source is not the DFSP
// of the client certificate (fspiop-source.lua, beside this file): mutual TLS
// says who is connected, this says they speak only for themselves. An
// EnvoyExtensionPolicy with the script inline, on the whole Gateway; Lua
// extensions are off in Envoy Gateway by default and the controller's values
// turn them on (config.envoyGateway.extensionApis.enableLua, charts/sync/upstream.ts).
// Fields: api/v1alpha1/envoyextensionypolicy_types.go and lua_types.go,
// github.com/envoyproxy/gateway v1.9.1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { ENVOY_PROXY_GROUP, gatewayLabels } from './data-plane';
import { EXTERNAL_GATEWAY, GATEWAY_NAMESPACE } from './proxy-pods';

export const FSPIOP_SOURCE_SCRIPT = readFileSync(path.join(import.meta.dirname, 'fspiop-source.lua'), 'utf8');

export function fspiopSourceCheck(scope: Construct, env: Environment): void {
  new ApiObject(scope, 'fspiop-source-check', {
    apiVersion: `${ENVOY_PROXY_GROUP}/v1alpha1`,
    kind: 'EnvoyExtensionPolicy',
    metadata: { name: `${EXTERNAL_GATEWAY}-fspiop-source`, namespace: GATEWAY_NAMESPACE, labels: gatewayLabels(env, EXTERNAL_GATEWAY) },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: EXTERNAL_GATEWAY }],
      lua: [{ type: 'Inline', inline: FSPIOP_SOURCE_SCRIPT }],
    },
  });
}
