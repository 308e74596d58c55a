# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVDATA="${REPO_ROOT}/.devdata"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" 2>/dev/null || true; }
die() { printf '[%s] error: %s\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

# Installs infra/node_modules (Azurite, MailDev) from the lock file when it is
# missing or older than the lock file. npm writes node_modules/.package-lock.json
# on every install, so its mtime says when the tree was last installed.
ensure_infra_node_modules() {
  local lock="${REPO_ROOT}/infra/package-lock.json"
  local marker="${REPO_ROOT}/infra/node_modules/.package-lock.json"
  command -v node >/dev/null || die "Node.js 20+ is required (node not found on PATH)"
  command -v npm >/dev/null || die "npm is required (not found on PATH)"
  if [[ ! -f "${marker}" || "${lock}" -nt "${marker}" ]]; then
    log "installing dev services: npm ci --prefix infra"
    npm ci --prefix "${REPO_ROOT}/infra" --no-audit --no-fund --loglevel=error
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_for_port PORT DEADLINE_EPOCH [PID]: polls until the port accepts a
# connection, the deadline passes, or PID (when given) exits.
wait_for_port() {
  local port="$1" deadline="$2" pid="${3:-}"
  while ! port_open "${port}"; do
    if [[ -n "${pid}" ]] && ! kill -0 "${pid}" 2>/dev/null; then
      return 2
    fi
    if (( $(date +%s) >= deadline )); then
      return 1
    fi
    sleep 0.2
  done
}
