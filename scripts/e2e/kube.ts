// A small client for the e2e control plane: HTTPS with keep-alive to the
// loopback kube-apiserver, resource discovery, server-side apply as Flux does
// it (fieldManager, force, fieldValidation=Strict), dry-runs, and the API's
// warnings. No kubectl process per object: thousands of requests stay fast.
import https from 'node:https';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string, readonly body: unknown) {
    super(message);
  }
}

interface Resource { name: string; namespaced: boolean }

export interface Response<T> { body: T; warnings: string[] }

export class Kube {
  private readonly agent: https.Agent;
  private resources = new Map<string, Resource>();

  constructor(readonly server: string, private readonly token: string, ca: string) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 16, ca });
  }

  async request<T = any>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response<T>> {
    const url = new URL(path, this.server);
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = https.request(url, {
        method,
        agent: this.agent,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* plain text */ }
          const warnings = ([] as string[]).concat(res.headers.warning ?? []).flatMap(splitWarnings);
          if ((res.statusCode ?? 500) >= 400) {
            reject(new ApiError(res.statusCode ?? 500, parsed?.reason ?? '', parsed?.message ?? text, parsed));
          } else resolve({ body: parsed as T, warnings });
        });
      });
      req.on('error', reject);
      // Nothing here should take long; a stuck request means a component died.
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer from the API server in 60 s`)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  async get<T = any>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body;
  }

  /** Re-reads the API's resource lists (after CRDs are established). */
  async discover(): Promise<void> {
    const groups: Array<{ groupVersion: string }> = [{ groupVersion: 'v1' }];
    const apis = await this.get<{ groups: Array<{ versions: Array<{ groupVersion: string }> }> }>('/apis');
    for (const g of apis.groups) for (const v of g.versions) groups.push(v);
    await Promise.all(groups.map(async ({ groupVersion }) => {
      // A group a CRD has just added may be listed before its version is served: skip it this time.
      const list = await this.get<{ resources: Array<{ name: string; kind: string; namespaced: boolean }> }>(groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`)
        .catch((e) => { if (e instanceof ApiError && e.status === 404) return { resources: [] }; throw e; });
      for (const r of list.resources) {
        if (!r.name.includes('/')) this.resources.set(`${groupVersion}/${r.kind}`, { name: r.name, namespaced: r.namespaced });
      }
    }));
  }

  resourceOf(apiVersion: string, kind: string): Resource | undefined {
    return this.resources.get(`${apiVersion}/${kind}`);
  }

  /** The REST path of an object (or of its collection when name is omitted). */
  pathOf(apiVersion: string, kind: string, namespace?: string, name?: string): string {
    const r = this.resourceOf(apiVersion, kind);
    if (!r) throw new ApiError(404, 'NotFound', `no API resource for ${kind} in ${apiVersion} (is its CRD installed and established?)`, undefined);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = r.namespaced ? `/namespaces/${namespace ?? 'default'}` : '';
    return `${base}${ns}/${r.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  /** Server-side apply, strict, as Flux's kustomize-controller does it. */
  async apply(obj: KubeObject, opts: { dryRun?: boolean; fieldManager?: string } = {}): Promise<Response<KubeObject>> {
    const q = new URLSearchParams({ fieldManager: opts.fieldManager ?? 'kustomize-controller', force: 'true', fieldValidation: 'Strict' });
    if (opts.dryRun) q.set('dryRun', 'All');
    return this.request<KubeObject>('PATCH', `${this.pathOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name)}?${q}`, obj, 'application/apply-patch+yaml');
  }

  async create<T = any>(path: string, body: unknown, dryRun = false): Promise<Response<T>> {
    return this.request<T>('POST', `${path}${dryRun ? '?dryRun=All&fieldValidation=Strict' : '?fieldValidation=Strict'}`, body);
  }

  async list<T = any>(apiVersion: string, kind: string, namespace?: string, query = ''): Promise<T[]> {
    const r = this.resourceOf(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const path = r?.namespaced && namespace ? `${base}/namespaces/${namespace}/${r.name}` : `${base}/${r?.name ?? kind.toLowerCase() + 's'}`;
    return (await this.get<{ items: T[] }>(`${path}${query ? `?${query}` : ''}`)).items;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** `299 - "text"` headers, possibly several joined by commas. */
function splitWarnings(h: string): string[] {
  const out: string[] = [];
  const re = /\d{3} [^ ]+ "((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(h); m; m = re.exec(h)) out.push(m[1].replace(/\\(.)/g, '$1'));
  return out.length ? out : [h];
}
