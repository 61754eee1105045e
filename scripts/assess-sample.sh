#!/usr/bin/env bash
# The main job on the bundled sample: builds Coexist, brings up the lab the sample's services live in
# (as root), runs `coexist assess samples/legacy-shop` (scan, schema, probe, plan, report) and prints
# where the report was written. Without root the lab stays down and the report says which probes
# could not be tested, and why.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out}

lab_up=0
if [ "$(id -u)" -eq 0 ]; then
  scripts/install-prerequisites.sh
  if samples/lab/up.sh --hold $$ > /tmp/coexist-lab-up.log 2>&1; then
    lab_up=1
    trap 'samples/lab/down.sh --release $$ > /dev/null 2>&1 || true' EXIT
  else
    echo "the lab did not start ($(tail -n 1 /tmp/coexist-lab-up.log)); probes will be reported as not tested" >&2
  fi
else
  echo "not root: the lab stays down; probes will be reported as not tested" >&2
fi

echo "publishing coexist (precompiled for this machine)..."
coexist=(dotnet artifacts/coexist/coexist.dll)
if ! scripts/publish-tool.sh > /dev/null; then
  echo "publishing the precompiled command did not work (see above); building it instead" >&2
  dotnet build probes/Coexist.Cli -c Release --nologo -v quiet -clp:NoSummary
  coexist=(dotnet probes/Coexist.Cli/bin/Release/net10.0/coexist.dll)
fi
# The sample consumes the analyzer package from its local feed, as a team would from a registry.
if [ ! -f samples/legacy-shop/.feed/Coexist.Analyzers.0.1.0.nupkg ]; then
  dotnet pack analyzers/Coexist.Analyzers.Package -c Release --nologo -v quiet -o samples/legacy-shop/.feed
fi

echo "assessing samples/legacy-shop..."
"${coexist[@]}" assess samples/legacy-shop --output "$out"
