#!/usr/bin/env bash
# Measures what the local host's durable worker costs while nothing happens: starts its own in-memory
# Azurite on free loopback ports and the built local host (dotnet build -c Release first) against it,
# lets both settle, then reports the CPU seconds each used over the window (from /proc/<pid>/stat).
# docs/deploy.md ("Durable task hub") quotes its figures.
#
#   bash scripts/durable-idle-cpu.sh LABEL RUN_WORKER POLLING [SECONDS]
#   e.g. bash scripts/durable-idle-cpu.sh off false 00:00:01 120
#        bash scripts/durable-idle-cpu.sh on-1s true 00:00:01 120
#        bash scripts/durable-idle-cpu.sh on-hostjson true '' 120    (empty: host.json's interval)
#
# SETTLE_SECONDS (default 30) is waited after /api/health answers: start-up work, the first timer
# functions, DTFx's poll back-off reaching its maximum. Linux only (/proc).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

label="${1:?label}" run_worker="${2:?true or false}" polling="${3-}" seconds="${4:-120}"
settle="${SETTLE_SECONDS:-30}"
app_dll="${REPO_ROOT}/functions/AutoShop.LocalHost/bin/Release/net10.0/AutoShop.LocalHost.dll"
[[ -f "${app_dll}" ]] || die "build first: dotnet build -c Release functions/AutoShop.LocalHost"
ensure_infra_node_modules

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
blob=$(free_port); queue=$(free_port); table=$(free_port); http=$(free_port)
work="$(mktemp -d)"
app_pid="" azurite_pid=""
cleanup() {
  [[ -n "${app_pid}" ]] && kill "${app_pid}" 2>/dev/null || true
  [[ -n "${azurite_pid}" ]] && kill "${azurite_pid}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "${work}"
}
trap cleanup EXIT

node "${REPO_ROOT}/infra/node_modules/azurite/dist/src/azurite.js" \
  --blobHost 127.0.0.1 --blobPort "${blob}" --queueHost 127.0.0.1 --queuePort "${queue}" --tableHost 127.0.0.1 --tablePort "${table}" \
  --skipApiVersionCheck --loose --disableTelemetry --silent --inMemoryPersistence >"${work}/azurite.log" 2>&1 &
azurite_pid=$!

# Azurite's well-known development account, on this run's ports.
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;"
cp "${REPO_ROOT}/local.settings.sample.json" "${work}/local.settings.json"
(
  cd "${work}"
  ASPNETCORE_ENVIRONMENT=Development AzureWebJobsStorage="${storage}" Standalone__Urls="http://127.0.0.1:${http}" Seed__DemoData=false \
    LocalHost__Durable__RunWorker="${run_worker}" LocalHost__Durable__MaxQueuePollingInterval="${polling}" \
    exec dotnet "${app_dll}" >"${work}/app.log" 2>&1
) &
app_pid=$!

deadline=$(( $(date +%s) + 180 ))
until curl -fsS "http://127.0.0.1:${http}/api/health" >/dev/null 2>&1; do
  kill -0 "${app_pid}" 2>/dev/null || { cat "${work}/app.log" >&2; die "the local host exited"; }
  (( $(date +%s) < deadline )) || die "the local host did not answer /api/health within 180 s"
  sleep 0.5
done
sleep "${settle}"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
app0=$(cpu_ticks "${app_pid}"); az0=$(cpu_ticks "${azurite_pid}"); t0=$(date +%s.%N)
sleep "${seconds}"
app1=$(cpu_ticks "${app_pid}"); az1=$(cpu_ticks "${azurite_pid}"); t1=$(date +%s.%N)

python3 - "${label}" "${t0}" "${t1}" "${app0}" "${app1}" "${az0}" "${az1}" "$(getconf CLK_TCK)" <<'EOF'
import sys
label, t0, t1, a0, a1, z0, z1, hz = sys.argv[1], *map(float, sys.argv[2:])
wall, app, azurite = t1 - t0, (a1 - a0) / hz, (z1 - z0) / hz
print(f"{label}: {wall:.0f} s; local host {app:.2f} s CPU ({100 * app / wall:.2f} % of a core); Azurite {azurite:.2f} s CPU ({100 * azurite / wall:.2f} %)")
EOF
grep -o 'Task hub [^"]*ms\|No durable worker runs here' "${work}/app.log" | head -1 || true
