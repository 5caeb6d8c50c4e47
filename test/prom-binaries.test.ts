// promtool, amtool and alertmanager are the releases we deploy: a bump of an
// image in charts/monitoring-core/images.ts without the matching bump of
// tools/prometheus or tools/alertmanager fails here. Without Go the build fails
// with a message that says so.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSIONS } from '../charts/monitoring-core/images';
import { buildTools, PROM_BINARIES } from './support/prom-binaries';
import { ROOT } from './support/dist-copy';
import { run } from './support/tools';

const plain = (v: string) => v.replace(/^v/, '');
// Read before any test runs a tool (which would set them itself).
const fromGlobalSetup = Object.values(PROM_BINARIES).map((b) => b.env).filter((e) => process.env[e]);

describe('the Prometheus tools the tests run', () => {
  it('are built once, by vitest\'s globalSetup, which hands their paths to the workers', () => {
    expect(fromGlobalSetup).toEqual(['MOJALOOP_PROMTOOL', 'MOJALOOP_AMTOOL', 'MOJALOOP_ALERTMANAGER']);
  });
  it('promtool is the deployed Prometheus version', () => {
    expect(run('promtool', ['--version']).output).toMatch(new RegExp(`^promtool, version ${plain(VERSIONS.prometheus).replaceAll('.', '\\.')} `));
  });
  it('amtool and alertmanager are the deployed Alertmanager version', () => {
    const v = plain(VERSIONS.alertmanager).replaceAll('.', '\\.');
    expect(run('amtool', ['--version']).output).toMatch(new RegExp(`^amtool, version ${v} `));
    expect(run('alertmanager', ['--version']).output).toMatch(new RegExp(`^alertmanager, version ${v} `));
  });
  it('the tools modules pin the deployed versions (Prometheus 3.x is v0.3xx.y on the Go proxy)', () => {
    const gomod = (m: string) => readFileSync(path.join(ROOT, 'tools', m, 'go.mod'), 'utf8');
    const [major, minor, patch] = plain(VERSIONS.prometheus).split('.');
    expect(gomod('prometheus')).toMatch(new RegExp(`^require github\\.com/prometheus/prometheus v0\\.${major}${minor.padStart(2, '0')}\\.${patch}$`, 'm'));
    expect(gomod('alertmanager')).toMatch(new RegExp(`^require github\\.com/prometheus/alertmanager ${VERSIONS.alertmanager}$`, 'm'));
    expect(gomod('prometheus-operator')).toMatch(new RegExp(`^require github\\.com/prometheus-operator/prometheus-operator ${VERSIONS.prometheusOperator}$`, 'm'));
    expect(readFileSync(path.join(ROOT, 'tools/prometheus-operator/ldflags'), 'utf8')).toContain(`version.Version=${plain(VERSIONS.prometheusOperator)}\n`);
  });
  it('every binary names the tools module that builds it', () => {
    for (const { module } of Object.values(PROM_BINARIES)) expect(readFileSync(path.join(ROOT, 'tools', module, 'targets'), 'utf8')).toMatch(/^github\.com\//m);
  });
  it('without Go, build-tools fails saying Go is missing', () => {
    expect(() => buildTools(['prometheus'], { ...process.env, PATH: '/usr/bin:/bin' })).toThrow(/failed \(Go is missing\):\nbuild-tools: Go is needed/);
  });
});
