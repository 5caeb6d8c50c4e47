#!/usr/bin/env bash
# npm run e2e [-- --env NAME ...]: npm appends its arguments to the script's
# last command, so a chain in package.json would hand them to vitest. Here
# they go to the environment run (scripts/e2e/main.ts); the e2e test suite
# (test/e2e/) follows only on a full run, so --env stays quick.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --import tsx scripts/e2e/main.ts "$@"
for a in "$@"; do case "$a" in --env|--env=*|--dist|--dist=*|-h|--help) exit 0 ;; esac; done
exec npx vitest run --config vitest.e2e.config.ts
