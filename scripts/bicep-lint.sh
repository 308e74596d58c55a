#!/usr/bin/env bash
# Compiles and lints every Bicep file under infra/bicep with the Bicep CLI from the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (version pinned in Directory.Packages.props; restored through
# infra/bicep-cli/BicepCli.csproj, nothing is downloaded from anywhere else). Fails on ANY
# diagnostic: errors, warnings and infos alike. Linter levels live in infra/bicep/bicepconfig.json.
#
#   bash scripts/bicep-lint.sh
#
# Runs offline: the rules that would consult the network or today's date are off in bicepconfig.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

BICEP_DIR="${REPO_ROOT}/infra/bicep"
CLI_PROJECT="${REPO_ROOT}/infra/bicep-cli/BicepCli.csproj"

command -v dotnet >/dev/null || die ".NET SDK 10 is required (dotnet not found on PATH)"

# The package's build props define BicepPath once restore has imported them.
dotnet restore "${CLI_PROJECT}" --nologo -v quiet >/dev/null || die "dotnet restore ${CLI_PROJECT} failed"
bicep="$(dotnet msbuild "${CLI_PROJECT}" -nologo -getProperty:BicepPath)"
[[ -x "${bicep}" ]] || die "the Bicep CLI is not an executable file: '${bicep}'"
log "$("${bicep}" --version)"

out="$(mktemp -d)"
trap 'rm -rf "${out}"' EXIT

# Each step prints diagnostics only; the CLI exits 0 on warnings, so any output counts as a failure.
failures=0
run_step() {
  local name="$1"; shift
  local output rc=0
  output="$(cd "${BICEP_DIR}" && "${bicep}" "$@" 2>&1)" || rc=$?
  if (( rc != 0 )) || [[ -n "${output}" ]]; then
    printf '%s\n' "${output}" >&2
    log "FAILED: ${name} (exit ${rc})"
    failures=$((failures + 1))
  else
    log "ok: ${name}"
  fi
}

mapfile -t templates < <(cd "${BICEP_DIR}" && find . -name '*.bicep' -not -path '*/obj/*' | sort)
mapfile -t params < <(cd "${BICEP_DIR}" && find . -name '*.bicepparam' | sort)
(( ${#templates[@]} > 0 )) || die "no .bicep files under ${BICEP_DIR}"

# --pattern compiles and lints every file on its own, modules included (a module with an unused
# parameter still fails even when main.bicep compiles).
run_step "build ${#templates[@]} templates" build --pattern '**/*.bicep' --outdir "${out}/templates"
run_step "lint ${#templates[@]} templates" lint --pattern '**/*.bicep'
if (( ${#params[@]} > 0 )); then
  run_step "build ${#params[@]} parameter files" build-params --pattern '**/*.bicepparam' --outdir "${out}/params"
  run_step "lint ${#params[@]} parameter files" lint --pattern '**/*.bicepparam'
fi

# Guard against a pattern that silently matched nothing.
built="$(find "${out}/templates" -name '*.json' | wc -l)"
(( built == ${#templates[@]} )) || { log "FAILED: expected ${#templates[@]} compiled templates, found ${built}"; failures=$((failures + 1)); }

if (( failures > 0 )); then
  die "${failures} step(s) reported diagnostics"
fi
log "${#templates[@]} templates and ${#params[@]} parameter files: compiled and linted, 0 diagnostics"
