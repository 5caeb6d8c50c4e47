// Application health for the app of apps. Argo CD has assessed no health for
// argoproj.io/Application since 1.8: without a health check the "sync"
// Application moves to the next sync wave as soon as it has applied the
// Applications of the current one, so waves order creation only. With the
// check Argo CD documents (docs/operator-manual/health.md at v3.5.1, "Argocd
// App"; the script below is that one, verbatim) a wave waits until every
// Application in it is Healthy, as Flux's dependsOn waits for Ready. The
// "argocd" Application keeps it in argocd-cm (a kustomize patch on the pinned
// install); bootstrap puts the same patch in place by hand before the "sync"
// Application exists, so the first sync already waits (dist/<env>/README.md,
// the file dist/<env>/bootstrap/argocd-cm-application-health.yaml).
import { toYaml } from '../lib/yaml';

/** The argocd-cm key of a health check for Applications (resource.customizations.health.<group>_<kind>). */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/** An Application is as healthy as it reports itself; Progressing until it reports anything. */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil then',
  '  if obj.status.health ~= nil then',
  '    hs.status = obj.status.health.status',
  '    if obj.status.health.message ~= nil then',
  '      hs.message = obj.status.health.message',
  '    end',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

/**
 * The file bootstrap patches argocd-cm with, in a folder of plain files that no
 * sync tool reads (dist/<env>/bootstrap/, like kairos/ and upgrades/).
 */
export const BOOTSTRAP_FOLDER = 'bootstrap';
export const APPLICATION_HEALTH_FILE = 'argocd-cm-application-health.yaml';

/** A strategic-merge patch of argocd-cm adding the check; the install's other keys stay. */
export function applicationHealthPatch(): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'argocd-cm' },
    data: { [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA },
  });
}
