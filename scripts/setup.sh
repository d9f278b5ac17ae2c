#!/usr/bin/env bash
# Quickstart step 1: installs what Déjà lu needs on a fresh Debian machine, then builds
# the extension for Chrome and Firefox and the command-line tool.
#   - Debian packages for the end-to-end tests and the benchmark peer (when run as root
#     or with sudo): chromium, firefox-esr, similarity-tester.
#   - npm packages (Node 22 comes from the npm registry as a devDependency).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(chromium chromium-l10n firefox-esr similarity-tester)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" = none ]; then
    echo "setup: cannot install ${missing[*]} (not root, no sudo); end-to-end tests will fail without them." >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

npm ci --no-audit --no-fund
npm run build
