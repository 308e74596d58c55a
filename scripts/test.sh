#!/usr/bin/env bash
# Runs every test: installs what is missing (Azurite and MailDev from infra/, the Debian
# chromium package), compiles and lints the Bicep templates (scripts/bicep-lint.sh), then
# `dotnet test AutoShop.sln -c Release`. Extra arguments go to dotnet test (for example:
# --filter-class 'AutoShop.Domain.Tests.*').
#
#   bash scripts/test.sh [dotnet test options]
#
# Results: artifacts/test-results/*.trx; screenshots of failed browser tests:
# artifacts/screenshots/. Ends with a line "N passed, N failed, N skipped".
set -euo pipefail
START_NS="$(date +%s%N)"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${REPO_ROOT}"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [[ -x "${chromium}" ]]; then
    return 0
  fi
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    die "CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable file"
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    die "Chromium is needed for the browser tests and ${chromium} is missing. Install the Debian package as root:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium
or point CHROMIUM_PATH at a Chromium binary."
  fi
  log "installing Chromium (Debian package chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [[ -x "${chromium}" ]] || die "apt-get installed chromium but ${chromium} is still missing"
}

command -v dotnet >/dev/null || die ".NET SDK 10 is required (dotnet not found on PATH)"
ensure_infra_node_modules
ensure_chromium

RESULTS="${REPO_ROOT}/artifacts/test-results"
rm -rf "${RESULTS}"
mkdir -p "${RESULTS}" "${REPO_ROOT}/artifacts/screenshots"

# Any Bicep diagnostic fails the run; the tests still run so one report shows everything.
bicep_rc=0
bash "${REPO_ROOT}/scripts/bicep-lint.sh" || bicep_rc=$?

# Each test project writes <project>.trx (tests/Directory.Build.props).
# Exit code 8 is Microsoft.Testing.Platform's "no test ran" for a project; a project
# without tests yet must not fail the run.
rc=0
dotnet test AutoShop.sln -c Release \
  --results-directory "${RESULTS}" \
  --ignore-exit-code 8 \
  "$@" || rc=$?

# Sum the per-project TRX files (xunit writes skipped tests as NotExecuted).
summary="$(node - "${RESULTS}" <<'JS'
const fs = require("fs"), path = require("path");
const dir = process.argv[2];
const total = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const unescape = s => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#xD;/g, "").replace(/&#xA;/g, "\n").replace(/&amp;/g, "&");
function failedIn(xml) {
  const found = [];
  // A passed result is often self-closing: match each element on its own, never across to the next one's end tag.
  for (const m of xml.matchAll(/<UnitTestResult\b([^>]*?)(?:\/>|>([\s\S]*?)<\/UnitTestResult>)/g)) {
    if (!/\boutcome="(Failed|Error|Timeout|Aborted)"/.test(m[1])) continue;
    const name = unescape((m[1].match(/\btestName="([^"]*)"/) || [])[1] || "?");
    const body = m[2] || "";
    const message = unescape((body.match(/<Message>([\s\S]*?)<\/Message>/) || [])[1] || "").trim();
    const stack = unescape((body.match(/<StackTrace>([\s\S]*?)<\/StackTrace>/) || [])[1] || "").trim().split("\n").slice(0, 4).map(l => l.trim()).join("\n    ");
    found.push({ name, message: (message.length > 1200 ? message.slice(0, 1200) + " ..." : message).replace(/\n/g, "\n    ") + (stack ? "\n    " + stack : "") });
  }
  return found;
}
for (const file of fs.readdirSync(dir).filter(f => f.endsWith(".trx")).sort()) {
  const xml = fs.readFileSync(path.join(dir, file), "utf8");
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const m of xml.matchAll(/<UnitTestResult\b[^>]*\boutcome="([^"]+)"/g)) {
    const outcome = m[1];
    if (outcome === "Passed") counts.passed++;
    else if (outcome === "NotExecuted" || outcome === "Inconclusive") counts.skipped++;
    else counts.failed++;
  }
  const dll = (xml.match(/\bstorage="([^"]+)"/) || [])[1];
  const name = dll ? path.basename(dll).replace(/\.dll$/i, "") : file;
  console.error(`  ${name.padEnd(32)} ${counts.passed} passed / ${counts.failed} failed / ${counts.skipped} skipped`);
  for (const k of Object.keys(total)) total[k] += counts[k];
  failures.push(...failedIn(xml));
}
// Name each failed test and the start of its message last, so the tail of a CI log says what broke.
for (const f of failures) console.error(`  FAILED ${f.name}\n    ${f.message}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
JS
)"

elapsed_ms="$(( ($(date +%s%N) - START_NS) / 1000000 ))"
if (( rc != 0 )); then
  log "dotnet test failed with exit code ${rc}"
fi
if (( bicep_rc != 0 )); then
  log "scripts/bicep-lint.sh failed: the Bicep templates have diagnostics (see above)"
  (( rc != 0 )) || rc="${bicep_rc}"
fi
printf 'test.sh took %d.%01d s\n' $(( elapsed_ms / 1000 )) $(( (elapsed_ms % 1000) / 100 ))
echo "${summary}"
exit "${rc}"
