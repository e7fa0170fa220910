#!/usr/bin/env bash
# Set up votekit on a fresh machine (Debian/Ubuntu; Python 3.11+).
#   bash tools/setup.sh          install the kit
#   bash tools/setup.sh --test   also what the test suite needs (Chromium, poppler-utils)
# On Windows: py -m pip install -e .   (see README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"

need_apt=()
if [ "${1:-}" = "--test" ]; then
  command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "安装系统软件包 / installing: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

extra=""; [ "${1:-}" = "--test" ] && extra="[test]"
"$PY" -m pip install -q --disable-pip-version-check -e ".${extra}" 2>&1 \
  | grep -v -E "^(WARNING: (Location|Running pip as))" || true
"$PY" -c "import votekit" || { echo "votekit 安装失败 / install failed" >&2; exit 1; }
