#!/usr/bin/env bash
# Installs the pinned npm tools (Azurite, Redocly, Prism) from package-lock.json when they are missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -x node_modules/.bin/azurite || ! -x node_modules/.bin/prism || ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  command -v npm >/dev/null || { echo "Node.js and npm are needed (https://nodejs.org)." >&2; exit 1; }
  echo "Installing the npm tools (Azurite, Redocly, Prism) from package-lock.json..."
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
