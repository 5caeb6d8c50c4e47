#!/usr/bin/env bash
# Generates Strimzi 1.2.0's CRDs (packaging/install/cluster-operator/04x-Crd-*.yaml
# at tag 1.2.0) with Strimzi's own CrdGenerator over the released jars from Maven
# Central (tools/strimzi-crds/pom.xml), into a cache outside the repository keyed
# by that pom. A warm cache runs nothing. Upstream publishes these files on no
# registry; this is how e2e gets them from one.
#
#   scripts/e2e/strimzi-crds.sh [OUTDIR]
#   prints nothing on stdout but the cache directory holding the CRDs
#   (e.g. /root/.cache/mojaloop-gitops/strimzi-crds-1a2b3c4d5e6f7a8b); with OUTDIR,
#   also copies the CRDs there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pom="$root/tools/strimzi-crds/pom.xml"
cache="${MOJALOOP_GITOPS_CACHE:-$HOME/.cache/mojaloop-gitops}"
key=$(sha256sum "$pom" | cut -c1-16)
out="$cache/strimzi-crds-$key"

copy_out() {
  [ $# -eq 0 ] && return 0
  mkdir -p "$1" && cp "$out"/*.yaml "$1"/
}

if [ -f "$out/.done" ]; then
  copy_out "$@"
  echo "$out"
  exit 0
fi

# The jars are Java 21 class files (major 65): find a JDK >= 21. JAVA_HOME first,
# then java on PATH, then /usr/lib/jvm (where the machine's Temurin lies).
spec() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdk=""
for cand in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")" /usr/lib/jvm/*/; do
  cand="${cand%/}"
  [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
  v="$(spec "$cand")"; v="${v%%.*}"
  if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then jdk="$cand"; break; fi
done
[ -n "$jdk" ] || { echo "strimzi-crds: needs a JDK >= 21 (io.strimzi:crd-generator:1.2.0 is Java 21 bytecode); none in JAVA_HOME, PATH or /usr/lib/jvm" >&2; exit 3; }
command -v mvn >/dev/null || { echo "strimzi-crds: needs Maven (apt-get install maven)" >&2; exit 3; }

start=$(date +%s)
echo "strimzi-crds: generating with $(basename "$jdk") into $out ..." >&2
tmp="$out.tmp"
rm -rf "$tmp" && mkdir -p "$tmp/crds"
# Offline when the local Maven repository already has everything; online only
# when offline mode is what failed (any other failure is shown as it is).
run() { JAVA_HOME="$jdk" mvn -B -q "$@" -f "$pom" generate-resources -Dstrimzi.crds.dir="$tmp/crds" -Dstrimzi.lib="$tmp/lib"; }
if ! run -o >"$tmp/offline.log" 2>&1; then
  if grep -q 'offline mode' "$tmp/offline.log"; then
    echo "strimzi-crds: not all in the local Maven repository; resolving from Maven Central" >&2
    run >&2
  else
    cat "$tmp/offline.log" >&2; exit 1
  fi
fi

# CrdGenerator writes one file per class=file argument in the pom; check all came out.
want=$(grep -c '=${strimzi.crds.dir}' "$pom")
got=$(grep -l '^kind: CustomResourceDefinition$' "$tmp"/crds/*.yaml 2>/dev/null | wc -l)
[ "$want" -eq "$got" ] || { echo "strimzi-crds: expected $want CRD files from $pom, got $got in $tmp/crds" >&2; exit 1; }

rm -rf "$out" && mv "$tmp/crds" "$out" && rm -rf "$tmp" && touch "$out/.done"
echo "strimzi-crds: generated $got CRDs in $(( $(date +%s) - start )) s" >&2
# Keep the cache small: drop CRDs generated from older poms.
for old in "$cache"/strimzi-crds-*; do [ "$old" != "$out" ] && [ -d "$old" ] && rm -rf "$old"; done
copy_out "$@"
echo "$out"
