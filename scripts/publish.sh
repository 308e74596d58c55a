#!/usr/bin/env bash
# Builds the deployable Functions package: `dotnet publish` of the isolated-worker app, whose output the
# Worker SDK completes with functions.metadata (every [Function]), worker.config.json (dotnet-isolated)
# and .azurefunctions/ (the extensions the Functions host loads); then zips that folder into the package
# Flex Consumption deploys (az functionapp deploy --src-path).
# Usage: bash scripts/publish.sh [output-folder] [zip-file]
#   defaults: artifacts/publish and artifacts/autoshop-functions.zip
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/publish}"
zip_file="${2:-$root/artifacts/autoshop-functions.zip}"
command -v zip >/dev/null || { echo "publish.sh: the zip CLI is required (Debian package zip)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
# Framework-dependent: Flex Consumption's dotnet-isolated 10.0 stack provides the runtime. The linux-x64
# runtime identifier keeps only the Linux native libraries (Magick.NET ships one per platform).
dotnet publish "$root/functions/AutoShop.Functions/AutoShop.Functions.csproj" -c Release -r linux-x64 --self-contained false \
  -o "$out" --nologo -v quiet
echo "Deployable folder: $out"

# -X leaves out uid/gid and extra timestamps; the package root is the folder's content (host.json at the top).
mkdir -p "$(dirname "$zip_file")"
zip_file="$(cd "$(dirname "$zip_file")" && pwd)/$(basename "$zip_file")"
rm -f "$zip_file"
(cd "$out" && zip -r -X -q "$zip_file" .)
echo "Deployment package: $zip_file ($(du -h "$zip_file" | cut -f1))"
