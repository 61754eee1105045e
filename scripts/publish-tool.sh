#!/usr/bin/env bash
# Publishes the coexist command precompiled (ReadyToRun) for this machine's platform to artifacts/coexist and prints
# how to run it. A cold run starts much faster than from `dotnet build`'s output (docs/performance.md, "coexist scan").
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "publish-tool.sh: no ReadyToRun target for $(uname -m); use dotnet build probes/Coexist.Cli" >&2; exit 2 ;;
esac
dotnet publish probes/Coexist.Cli -c Release -r "$rid" --self-contained false --nologo -v quiet -clp:NoSummary -o artifacts/coexist
echo "dotnet artifacts/coexist/coexist.dll"
