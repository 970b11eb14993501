#!/usr/bin/env bash
# Debian's Chromium for the UI's browser tests (playwright-core drives it via executablePath; no
# test tool ever downloads a browser). Idempotent: an installed /usr/bin/chromium prints "ok".
source "$(dirname "$0")/../lib.sh"
bin=/usr/bin/chromium
if [ -x "$bin" ]; then
  version=$("$bin" --version 2>/dev/null || true)
  echo "ok chromium (${version%%$'\n'*})"
  exit 0
fi
start=$SECONDS
apt_install chromium fonts-dejavu-core
expect_output "chromium --version" "Chromium" "$bin" --version
log "chromium ready in $((SECONDS - start))s"
