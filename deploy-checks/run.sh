#!/usr/bin/env bash
# Runs Flashcart's deploy checks (Terraform facts, workflow and dependabot schemas, Dockerfiles, terraform fmt).
# Needs Node.js >= 18 and npm; installs the pinned packages from package-lock.json. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "deploy-checks: node and npm are required (Node.js >= 18)" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error >/dev/null
npm test
