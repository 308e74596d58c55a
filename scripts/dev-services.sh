#!/usr/bin/env bash
# Starts, stops or reports the local dev services: Azurite (Azure Storage
# emulator) and MailDev (SMTP sink with a web inbox and REST API).
#
#   bash scripts/dev-services.sh start|stop|status
#
# Ports (all on 127.0.0.1) can be overridden with AZURITE_BLOB_PORT (10000),
# AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002), MAILDEV_SMTP_PORT
# (1025) and MAILDEV_WEB_PORT (1080). Data and logs live under .devdata/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
MAILDEV_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
START_TIMEOUT_SECONDS="${DEV_SERVICES_START_TIMEOUT:-30}"

AZURITE_JS="${REPO_ROOT}/infra/node_modules/azurite/dist/src/azurite.js"
MAILDEV_JS="${REPO_ROOT}/infra/node_modules/maildev/dist/bin/maildev.js"
LOG_DIR="${DEVDATA}/logs"

script_of() { # the JS entry point that identifies a service's process
  case "$1" in
    azurite) echo "${AZURITE_JS}" ;;
    maildev) echo "${MAILDEV_JS}" ;;
  esac
}

ports_of() {
  case "$1" in
    azurite) echo "${AZURITE_BLOB_PORT} ${AZURITE_QUEUE_PORT} ${AZURITE_TABLE_PORT}" ;;
    maildev) echo "${MAILDEV_SMTP_PORT} ${MAILDEV_WEB_PORT}" ;;
  esac
}

# Prints the recorded PID of a service when that PID is still the process this
# script started (same node entry point on its command line); nothing otherwise.
live_pid() {
  local name="$1" pidfile="${DEVDATA}/$1.pid" pid cmdline
  [[ -f "${pidfile}" ]] || return 0
  pid="$(tr -dc '0-9' <"${pidfile}")"
  [[ -n "${pid}" && -r "/proc/${pid}/cmdline" ]] || return 0
  cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline")"
  if [[ "${cmdline}" == *"$(script_of "${name}")"* ]]; then
    echo "${pid}"
  fi
}

start_one() {
  local name="$1" pid port
  shift
  pid="$(live_pid "${name}")"
  if [[ -n "${pid}" ]]; then
    log "${name} already running (pid ${pid}, ports $(ports_of "${name}"))"
    return 0
  fi
  rm -f "${DEVDATA}/${name}.pid"
  # setsid: the service gets its own session, so a Ctrl-C in this terminal
  # reaches only the scripts, which then stop the services by PID.
  setsid node "$@" >>"${LOG_DIR}/${name}.log" 2>&1 </dev/null &
  echo $! >"${DEVDATA}/${name}.pid"
  log "${name} starting (pid $!, log ${LOG_DIR#"${REPO_ROOT}/"}/${name}.log)"
}

wait_ready() {
  local name="$1" deadline="$2" pid port rc
  pid="$(tr -dc '0-9' <"${DEVDATA}/${name}.pid")"
  for port in $(ports_of "${name}"); do
    rc=0
    wait_for_port "${port}" "${deadline}" "${pid}" || rc=$?
    if (( rc != 0 )); then
      local why="did not open port ${port} within ${START_TIMEOUT_SECONDS}s"
      (( rc == 2 )) && why="exited before opening port ${port}"
      echo "---- last lines of ${LOG_DIR}/${name}.log ----" >&2
      tail -n 20 "${LOG_DIR}/${name}.log" >&2 || true
      die "${name} ${why}"
    fi
  done
}

cmd_start() {
  [[ -f "${AZURITE_JS}" && -f "${MAILDEV_JS}" ]] || ensure_infra_node_modules
  mkdir -p "${DEVDATA}/azurite" "${DEVDATA}/maildev" "${LOG_DIR}"

  local azurite_was maildev_was name port
  azurite_was="$(live_pid azurite)"
  maildev_was="$(live_pid maildev)"
  # Check every port before starting anything, so a conflict leaves nothing half-started.
  for name in azurite maildev; do
    [[ "${name}" == azurite && -n "${azurite_was}" ]] && continue
    [[ "${name}" == maildev && -n "${maildev_was}" ]] && continue
    for port in $(ports_of "${name}"); do
      if port_open "${port}"; then
        die "port ${port} for ${name} is already in use by another process; stop it or choose other ports (see the header of ${BASH_SOURCE[0]})"
      fi
    done
  done

  start_one azurite "${AZURITE_JS}" \
    --blobHost 127.0.0.1 --blobPort "${AZURITE_BLOB_PORT}" \
    --queueHost 127.0.0.1 --queuePort "${AZURITE_QUEUE_PORT}" \
    --tableHost 127.0.0.1 --tablePort "${AZURITE_TABLE_PORT}" \
    --location "${DEVDATA}/azurite" \
    --skipApiVersionCheck --loose --disableTelemetry
  start_one maildev "${MAILDEV_JS}" \
    --smtp "${MAILDEV_SMTP_PORT}" --ip 127.0.0.1 \
    --web "${MAILDEV_WEB_PORT}" --web-ip 127.0.0.1 \
    --mail-directory "${DEVDATA}/maildev"

  local deadline=$(( $(date +%s) + START_TIMEOUT_SECONDS ))
  [[ -n "${azurite_was}" ]] || wait_ready azurite "${deadline}"
  [[ -n "${maildev_was}" ]] || wait_ready maildev "${deadline}"
  log "Azurite: blob http://127.0.0.1:${AZURITE_BLOB_PORT}, queue http://127.0.0.1:${AZURITE_QUEUE_PORT}, table http://127.0.0.1:${AZURITE_TABLE_PORT}"
  log "MailDev: SMTP 127.0.0.1:${MAILDEV_SMTP_PORT}, inbox http://127.0.0.1:${MAILDEV_WEB_PORT}"
}

stop_one() {
  local name="$1" pidfile="${DEVDATA}/$1.pid" pid i
  if [[ ! -f "${pidfile}" ]]; then
    log "${name} not running (no pid file)"
    return 0
  fi
  pid="$(live_pid "${name}")"
  if [[ -z "${pid}" ]]; then
    log "${name} not running (stale pid file removed; nothing killed)"
    rm -f "${pidfile}"
    return 0
  fi
  kill -TERM "${pid}" 2>/dev/null || true
  for (( i = 0; i < 50; i++ )); do
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "${pid}" 2>/dev/null; then
    log "${name} (pid ${pid}) ignored SIGTERM for 10s; sending SIGKILL"
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  rm -f "${pidfile}"
  log "${name} stopped (pid ${pid})"
}

cmd_stop() {
  stop_one maildev
  stop_one azurite
}

cmd_status() {
  local name pid all=0
  for name in azurite maildev; do
    pid="$(live_pid "${name}")"
    if [[ -n "${pid}" ]]; then
      log "${name} running (pid ${pid}, ports $(ports_of "${name}"))"
    else
      log "${name} stopped"
      all=1
    fi
  done
  return "${all}"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
