#!/usr/bin/env bash
# Builds the real upstream programs e2e runs, from the pinned Go modules under
# tools/, into a cache outside the repository keyed by each module's go.mod,
# go.sum and sources. A warm cache builds nothing. Prints what it builds and how
# long it took. Only the Go module proxy is used.
#
#   scripts/e2e/build-tools.sh [module...]   (default: every module under tools/)
#   prints nothing on stdout but the cache's bin directory, one per module:
#   KEY=DIR lines (e.g. kube=/root/.cache/mojaloop-gitops/tools/kube-1a2b3c/bin)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${MOJALOOP_GITOPS_CACHE:-$HOME/.cache/mojaloop-gitops}/tools"
mkdir -p "$cache"
command -v go >/dev/null || { echo "build-tools: Go is needed (go 1.26+): apt-get install golang-go, or see README" >&2; exit 3; }

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
  # Modules with programs to build (tools/upstream only pins sources for their files).
  for d in "$root"/tools/*/; do
    [ -f "$d/go.mod" ] && { [ -f "$d/targets" ] || [ -d "$d/cmd" ] || [ "$(basename "$d")" = kube ]; } && modules+=("$(basename "$d")")
  done
fi

# Per module: which packages to build, and the ldflags that stamp versions.
targets() {
  case "$1" in
    kube) echo "k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl ./cmd/etcd" ;;
    # Other modules: the packages listed in tools/<m>/targets, else every main under ./cmd.
    *) if [ -f "$root/tools/$1/targets" ]; then grep -v '^#' "$root/tools/$1/targets" | tr '\n' ' ';
       else (cd "$root/tools/$1" && go list -f '{{if eq .Name "main"}}{{.ImportPath}}{{end}}' ./cmd/... | tr '\n' ' '); fi ;;
  esac
}
ldflags() {
  case "$1" in
    kube)
      local v=v1.36.3 f=""
      for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
        f+=" -X $p.gitVersion=$v -X $p.gitMajor=1 -X $p.gitMinor=36 -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
      done
      echo "-s -w$f" ;;
    *) [ -f "$root/tools/$1/ldflags" ] && tr '\n' ' ' < "$root/tools/$1/ldflags"; echo "-s -w" ;;
  esac
}

for m in "${modules[@]}"; do
  dir="$root/tools/$m"
  key=$(cd "$dir" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name ldflags -o -name tags -o -name targets -o -name stubs \) | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
  out="$cache/$m-$key"
  if [ -f "$out/.done" ]; then
    echo "$m=$out/bin"
    continue
  fi
  start=$(date +%s)
  echo "build-tools: building $m ($(targets "$m" | wc -w) programs) into $out ..." >&2
  rm -rf "$out.tmp" && mkdir -p "$out.tmp/bin"
  tags=""; [ -f "$dir/tags" ] && tags="$(tr '\n' ',' < "$dir/tags" | sed 's/,$//')"
  # Optional tools/<m>/stubs: "<package> <file>" lines naming generated files that a
  # module's zip lacks but a go:embed needs (Alertmanager's web UI bundle). Such a
  # module builds from a vendored copy in the cache with an empty placeholder for each
  # (the module cache is read-only, and go build -overlay may not replace files in it).
  src="$dir"; mod=""
  if [ -f "$dir/stubs" ]; then
    src="$out.tmp/src"; mkdir -p "$src" && cp -r "$dir"/. "$src"/
    (cd "$src" && go mod vendor -e 2>&1 | grep -v 'resolving embeds' || true) >&2
    grep -v '^#' "$dir/stubs" | while read -r pkg file; do
      if [ -n "$pkg" ]; then mkdir -p "$(dirname "$src/vendor/$pkg/$file")" && : > "$src/vendor/$pkg/$file"; fi
    done
    mod="-mod=vendor"
  fi
  (cd "$src" && GOFLAGS=-trimpath CGO_ENABLED=0 go build $mod -tags "$tags" -ldflags "$(ldflags "$m")" -o "$out.tmp/bin/" $(targets "$m")) >&2
  rm -rf "$out.tmp/src"
  rm -rf "$out" && mv "$out.tmp" "$out" && touch "$out/.done"
  echo "build-tools: built $m in $(( $(date +%s) - start )) s: $(ls "$out/bin" | tr '\n' ' ')" >&2
  # Keep the cache small: drop older builds of this module (its name and a 16-character
  # key exactly: "prometheus-*" would also match prometheus-operator's builds).
  for old in "$cache/$m"-????????????????; do [ "$old" != "$out" ] && [ -d "$old" ] && rm -rf "$old"; done
  echo "$m=$out/bin"
done
