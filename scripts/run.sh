#!/usr/bin/env bash
# Runs AutoShop locally: installs what is missing, starts Azurite and MailDev,
# builds and starts the app in the local host (functions/AutoShop.LocalHost), waits until it is healthy and
# prints where to look. Stays in the foreground; Ctrl-C stops the app and the
# dev services this script started.
#
#   bash scripts/run.sh
#
# RUN_HEALTH_TIMEOUT (default 300 s) bounds the wait for GET /api/health, which
# includes the first Release build.
set -euo pipefail
START_NS="$(date +%s%N)"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${REPO_ROOT}"

HEALTH_TIMEOUT="${RUN_HEALTH_TIMEOUT:-300}"
SETTINGS="${REPO_ROOT}/local.settings.json"
APP_LOG="${DEVDATA}/logs/app.log"

command -v dotnet >/dev/null || die ".NET SDK 10 is required (dotnet not found on PATH)"
ensure_infra_node_modules

if [[ ! -f "${SETTINGS}" ]]; then
  cp local.settings.sample.json "${SETTINGS}"
  log "created local.settings.json from local.settings.sample.json"
fi
# Read a value from local.settings.json "Values" (node is already required).
setting() {
  node -e 'const v = (JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Values || {})[process.argv[2]];
           if (v !== undefined) process.stdout.write(String(v));' "${SETTINGS}" "$1"
}
APP_URL="$(setting Standalone__Urls)"
APP_URL="${APP_URL%%;*}"
APP_URL="${APP_URL%/}"
APP_URL="${APP_URL:-http://127.0.0.1:7071}"
STAFF_KEY="$(setting Staff__ApiKeys__demo-staff)"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"

services_started=false
app_pid=""
cleanup() {
  trap - INT TERM EXIT
  # Keep cleaning up even if the terminal or a pipe reading our output is gone.
  trap '' PIPE INT
  if [[ -n "${app_pid}" ]] && kill -0 "${app_pid}" 2>/dev/null; then
    log "stopping the app (pid ${app_pid})" || true
    # dotnet run and the app it starts share the process group made by setsid.
    kill -TERM -- "-${app_pid}" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "${app_pid}" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-${app_pid}" 2>/dev/null || true
  fi
  if [[ "${services_started}" == true ]]; then
    bash "${REPO_ROOT}/scripts/dev-services.sh" stop || true
  fi
}
trap 'exit 130' INT
trap 'exit 143' TERM
trap cleanup EXIT

if bash scripts/dev-services.sh status >/dev/null 2>&1; then
  log "dev services already running; leaving them running on exit"
else
  services_started=true
  bash scripts/dev-services.sh start
fi

health_ok() {
  if command -v curl >/dev/null; then
    curl -fsS -o /dev/null --max-time 2 "${APP_URL}/api/health" 2>/dev/null
  else
    local hostport="${APP_URL#http://}" host port
    host="${hostport%%:*}"; port="${hostport##*:}"
    # shellcheck disable=SC2016
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"; printf "GET /api/health HTTP/1.0\r\nHost: %s\r\n\r\n" "$1" >&3; head -n1 <&3 | grep -q " 2[0-9][0-9] "' _ "${host}" "${port}" 2>/dev/null
  fi
}
if health_ok; then
  die "something already answers ${APP_URL}/api/health; stop it first (another run.sh?)"
fi

mkdir -p "$(dirname "${APP_LOG}")"
log "building and starting the app (Release); output also goes to ${APP_LOG#"${REPO_ROOT}/"}"
ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development DOTNET_NOLOGO=1 \
  setsid dotnet run --project functions/AutoShop.LocalHost -c Release --no-launch-profile \
  > >(trap '' INT; exec tee "${APP_LOG}") 2>&1 </dev/null &
app_pid=$!

deadline=$(( $(date +%s) + HEALTH_TIMEOUT ))
until health_ok; do
  if ! kill -0 "${app_pid}" 2>/dev/null; then
    wait "${app_pid}" || true
    app_pid=""
    die "the app exited before ${APP_URL}/api/health answered (see ${APP_LOG})"
  fi
  if (( $(date +%s) >= deadline )); then
    die "${APP_URL}/api/health did not answer within ${HEALTH_TIMEOUT}s (see ${APP_LOG})"
  fi
  sleep 0.5
done
elapsed="$(( ($(date +%s%N) - START_NS) / 1000000 ))"
elapsed_s="$(printf '%d.%01d' $(( elapsed / 1000 )) $(( (elapsed % 1000) / 100 )))"

cat <<INFO

AutoShop is running (healthy ${elapsed_s} s after this script started).

  API base            ${APP_URL}/api
  OpenAPI document    ${APP_URL}/openapi/v1.json
  API reference       ${APP_URL}/scalar
  MailDev inbox       http://127.0.0.1:${MAILDEV_WEB_PORT}
  Demo staff API key  ${STAFF_KEY:-<not set in local.settings.json>}  (send it as the header  X-Api-Key: ${STAFF_KEY:-...})

  Try:  curl -s ${APP_URL}/api/health
        curl -s -H 'X-Api-Key: ${STAFF_KEY:-...}' ${APP_URL}/api/<staff route>   (routes: see the API reference)

Settings: local.settings.json (created from local.settings.sample.json). App log: ${APP_LOG#"${REPO_ROOT}/"}
Press Ctrl-C to stop the app$( [[ "${services_started}" == true ]] && echo " and the dev services" ).
startup: ${elapsed_s} s from invocation to the first healthy /api/health
INFO

rc=0
wait "${app_pid}" || rc=$?
app_pid=""
log "the app exited with code ${rc}"
exit "${rc}"
