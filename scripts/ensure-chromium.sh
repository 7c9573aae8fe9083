#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright downloads no browser of its own here).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
echo "Installing Chromium from Debian's packages for the browser tests..."
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium > /dev/null
