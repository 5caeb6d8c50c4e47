// The upstream operators and agents at exactly the versions we pin (the sync
// layer's sources, charts/monitoring-core/images.ts), for their CRDs and RBAC roles and, for sources installed from a Helm chart
// (cert-manager, vault-helm), the chart that e2e renders, and local-path-provisioner's
// deploy file that test/k3s-addons.test.ts holds charts/cluster/local-path.ts to (nothing here is built). `go mod download` fetches
// them from the Go module proxy, verified by go.sum; scripts/e2e/upstream.ts
// reads them from the module cache. Not served by the Go proxy (403 "This
// module version is not available"): percona-xtradb-cluster-operator v1.19.0,
// OT-CONTAINER-KIT/redis-operator v0.26.0, fluxcd/notification-controller v1.9.4
// (flux2 v2.9.5's), image-reflector/image-automation-controller v1.2.5, source-watcher v2.2.4;
// Strimzi is not a Go project. flux2, source-, kustomize- and helm-controller: the
// versions flux2 v2.9.5's go.mod names (charts/sync/flux-self.ts FLUX_VERSION).
module mojaloop-gitops/tools/upstream

go 1.26.0

require (
	github.com/argoproj/argo-cd/v3 v3.5.1
	github.com/cert-manager/cert-manager v1.21.2
	github.com/envoyproxy/gateway v1.9.1
	github.com/external-secrets/external-secrets v1.3.2
	github.com/fluxcd/flux2/v2 v2.9.5
	github.com/fluxcd/helm-controller v1.6.4
	github.com/fluxcd/kustomize-controller v1.9.5
	github.com/fluxcd/source-controller v1.9.5
	github.com/grafana/grafana-operator/v5 v5.24.0
	github.com/hashicorp/vault-helm v0.34.1
	github.com/percona/percona-server-mongodb-operator v1.22.0
	github.com/prometheus-operator/prometheus-operator v0.93.0
	github.com/rancher/local-path-provisioner v0.0.30
	k8s.io/kube-state-metrics/v2 v2.19.1
)
