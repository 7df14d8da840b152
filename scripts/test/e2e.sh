#!/usr/bin/env bash
# Builds the app and runs the Playwright tests in Debian's chromium against `next start` and the real broker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
report="${1:-}"

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "e2e needs Debian's chromium: sudo apt-get install chromium (or set CHROMIUM_PATH)" >&2
    exit 1
  fi
fi

next build
rm -rf .tmp/e2e-data .tmp/e2e-data-auth
E2E_JSON_REPORT="$report" playwright test
