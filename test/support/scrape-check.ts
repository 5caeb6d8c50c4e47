// Cross-check of scrape targets against what the mojaloop layer renders:
// every ServiceMonitor must select at least one Service of its namespace that
// has the named port; every PodMonitor must select the pods of at least one
// rendered store CR that turns its exporter on (the pods themselves are created
// by the operators: their labels come from the STORE_EXPORTERS table).
import type { Manifest } from '../../charts/render';
import { selectorMatches, STORE_EXPORTERS, type ExporterTarget } from '../../charts/mojaloop/monitoring/store-exporters';

export interface Problem { monitor: string; message: string }

const EXPORTERS: ExporterTarget[] = Object.values(STORE_EXPORTERS).flat();

export function checkScrapeTargets(objects: Manifest[]): Problem[] {
  const problems: Problem[] = [];
  const services = objects.filter((o) => o.kind === 'Service');
  for (const sm of objects.filter((o) => o.kind === 'ServiceMonitor') as any[]) {
    const id = `ServiceMonitor ${sm.metadata.name}`;
    const ns = sm.spec.namespaceSelector?.matchNames ?? [sm.metadata.namespace];
    const selected = services.filter((s: any) => ns.includes(s.metadata.namespace) && selectorMatches(sm.spec.selector, s.metadata.labels));
    if (selected.length === 0) { problems.push({ monitor: id, message: `selects no Service in ${ns.join(', ')} (selector ${JSON.stringify(sm.spec.selector)})` }); continue; }
    for (const ep of sm.spec.endpoints) {
      for (const s of selected as any[]) {
        if (!(s.spec.ports ?? []).some((p: any) => p.name === ep.port)) problems.push({ monitor: id, message: `Service ${s.metadata.name} has no port named "${ep.port}"` });
      }
    }
  }
  for (const pm of objects.filter((o) => o.kind === 'PodMonitor') as any[]) {
    const id = `PodMonitor ${pm.metadata.name}`;
    const ns = pm.spec.namespaceSelector?.matchNames ?? [pm.metadata.namespace];
    // Pod templates we render ourselves (Deployments, StatefulSets, DaemonSets) ...
    const templates = objects.filter((o: any) => ns.includes(o.metadata.namespace) && o.spec?.template?.metadata) as any[];
    const fromTemplates = templates.filter((t) => selectorMatches(pm.spec.selector, t.spec.template.metadata.labels));
    // ... and pods an operator creates for a rendered CR.
    const fromOperators = objects.flatMap((cr: any) => EXPORTERS
      .filter((e) => e.crKinds.includes(cr.kind) && ns.includes(cr.metadata.namespace) && selectorMatches(pm.spec.selector, e.podLabels(cr.metadata.name)))
      .map((e) => ({ cr, e })));
    if (fromTemplates.length === 0 && fromOperators.length === 0) { problems.push({ monitor: id, message: `selects no pod template or operator-managed pods in ${ns.join(', ')}` }); continue; }
    for (const ep of pm.spec.podMetricsEndpoints) {
      for (const t of fromTemplates) {
        const ports = (t.spec.template.spec.containers ?? []).flatMap((c: any) => c.ports ?? []);
        if (!ports.some((p: any) => p.name === ep.port)) problems.push({ monitor: id, message: `${t.kind} ${t.metadata.name} has no container port named "${ep.port}"` });
      }
      for (const { cr, e } of fromOperators) {
        if (e.port !== ep.port) problems.push({ monitor: id, message: `${cr.kind} ${cr.metadata.name}: its exporter listens on port "${e.port}", not "${ep.port}"` });
        else if (!e.enabledIn(cr.spec)) problems.push({ monitor: id, message: `${cr.kind} ${cr.metadata.name} does not turn on the exporter with port "${e.port}"` });
      }
    }
  }
  return problems;
}
