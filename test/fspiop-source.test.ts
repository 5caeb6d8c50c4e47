// The external gateway's FSPIOP-Source check (charts/gateway/fspiop-source.lua),
// as rendered into the EnvoyExtensionPolicy, run by LuaJIT (Debian's luajit:
// Envoy's Lua filter runs LuaJIT too) against a stand-in for the part of
// Envoy's Lua API it uses: headers():get, streamInfo():downstreamSslConnection()
// and uriSanPeerCertificate(), logWarn, respond. The stand-in is ours; the
// language and the script are the real ones. Needs `apt-get install luajit`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_GATEWAY } from '../charts/gateway/proxy-pods';
import { objects } from './support/bundled';
import { tempDir } from './support/tools';

const DRIVER = `
local script, source, uris = arg[1], arg[2], arg[3]
dofile(script)
local status = nil
local handle = {}
function handle:headers() return { get = function(_, k) if k == "fspiop-source" and source ~= "-" then return source end return nil end } end
function handle:streamInfo()
  return { downstreamSslConnection = function()
    if uris == "-" then return nil end
    local t = {}
    for u in string.gmatch(uris, "[^,]+") do t[#t + 1] = u end
    return { uriSanPeerCertificate = function() return t end }
  end }
end
function handle:logWarn(m) end
function handle:respond(headers, body) status = headers[":status"] end
envoy_on_request(handle)
print(status or "pass")
`;

const dir = tempDir('fspiop-source');
writeFileSync(path.join(dir, 'driver.lua'), DRIVER);

/** What the script does with one request: "pass" or the status it answers with. */
function run(script: string, source: string | undefined, uris: string[] | undefined): string {
  const file = path.join(dir, 'script.lua');
  writeFileSync(file, script);
  return execFileSync('luajit', [path.join(dir, 'driver.lua'), file, source ?? '-', uris ? uris.join(',') : '-'], { encoding: 'utf8' }).trim();
}

const CASES: Array<{ what: string; source?: string; uris?: string[]; expect: string }> = [
  { what: 'the DFSP of the certificate', source: 'payerfsp', uris: ['urn:mojaloop:dfsp:payerfsp'], expect: 'pass' },
  { what: 'the same id in another case', source: 'PayerFSP', uris: ['urn:mojaloop:dfsp:payerfsp'], expect: 'pass' },
  { what: 'another DFSP', source: 'payeefsp', uris: ['urn:mojaloop:dfsp:payerfsp'], expect: '403' },
  { what: 'no FSPIOP-Source', uris: ['urn:mojaloop:dfsp:payerfsp'], expect: '403' },
  { what: 'a certificate without the DFSP SAN', source: 'payerfsp', uris: ['spiffe://cluster/payerfsp'], expect: '403' },
  { what: 'a longer id sharing the prefix', source: 'payer', uris: ['urn:mojaloop:dfsp:payerfsp'], expect: '403' },
  { what: 'no TLS connection', source: 'payerfsp', expect: '403' },
];

/** The cases the script gets wrong. */
const wrong = (script: string) => CASES.filter((c) => run(script, c.source, c.uris) !== c.expect).map((c) => c.what);

describe('FSPIOP-Source must name the DFSP of the client certificate', () => {
  const policy = objects('prod').find((o) => o.kind === 'EnvoyExtensionPolicy' && o.metadata.name === `${EXTERNAL_GATEWAY}-fspiop-source`);
  const script: string = (policy?.spec as any)?.lua?.[0]?.inline;

  it('the external gateway carries the check', () => {
    expect((policy?.spec as any).targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: EXTERNAL_GATEWAY }]);
    expect(script).toContain('envoy_on_request');
  });

  it('the rendered script lets a DFSP speak for itself only', () => {
    expect(wrong(script)).toEqual([]);
  });

  it('fails on a broken script: one that never refuses, one that compares with case', () => {
    expect(wrong(script.replace('function envoy_on_request(request_handle)', 'function envoy_on_request(request_handle)\n  do return end'))).toEqual([
      'another DFSP', 'no FSPIOP-Source', 'a certificate without the DFSP SAN', 'a longer id sharing the prefix', 'no TLS connection',
    ]);
    expect(wrong(script.replace('string.lower(request_handle:headers():get("fspiop-source") or "")', '(request_handle:headers():get("fspiop-source") or "")'))).toEqual(['the same id in another case']);
  });
});
