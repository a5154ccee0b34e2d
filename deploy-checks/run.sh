#!/usr/bin/env bash
# Runs Flashcart's deploy checks: Terraform against the AWS provider's schema, closed value sets and the facts
# the service relies on; workflow and dependabot schemas; Dockerfiles; the mutation test of the checks
# themselves; terraform fmt. Needs Node.js >= 18 and npm; installs the pinned packages from package-lock.json
# (again only when the lock file changed: @cdktf/provider-aws is 400 MB). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "deploy-checks: node and npm are required (Node.js >= 18)" >&2
  exit 1
fi

stamp=node_modules/.flashcart-package-lock.json
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json "$stamp"
fi
npm test
