#!/usr/bin/env bash
# The main job on the bundled sample: builds Coexist, then assesses samples/legacy-shop
# (its C# code, its schema and data, its services) and prints where the report was written.
# As root it first installs the Debian packages the lab needs.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-out}
if [ "$(id -u)" -eq 0 ]; then
  scripts/install-prerequisites.sh
fi

echo "building coexist..."
dotnet build probes/Coexist.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
coexist() { dotnet probes/Coexist.Cli/bin/Release/net10.0/coexist.dll "$@"; }

mkdir -p "$out"
echo "scanning samples/legacy-shop (C# code)..."
status=0
coexist scan samples/legacy-shop --format json --output "$out/scan.json" --fail-on none || status=$?
coexist scan samples/legacy-shop --format sarif --output "$out/scan.sarif" --fail-on none || status=$?
echo "assessing samples/legacy-shop/db (schema and stored data)..."
coexist schema samples/legacy-shop/db/schema.sql --format json --output "$out/schema.json" --fail-on none || status=$?
coexist schema --connection "Data Source=samples/legacy-shop/db/shop.sqlite" --format json --output "$out/data.json" --fail-on none || status=$?
if [ "$status" -ge 2 ]; then
  echo "the assessment failed" >&2
  exit "$status"
fi
echo "report written to $(cd "$out" && pwd) (scan.json, scan.sarif, schema.json, data.json)"
