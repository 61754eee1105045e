#!/usr/bin/env bash
# Analyzer overhead in a real `dotnet build`: the Coexist package's share of compile time, beside
# SonarAnalyzer.CSharp's S1313 (hard-coded IP addresses), on a generated codebase of LINES lines.
# Usage: measure-build.sh [LINES] [NETWORK-SHARE] [REPEATS]     (defaults 210000 0.1 3)
# Method: docs/performance.md, "C# analyzers". Builds use the compiler server (VBCSCompiler), as dotnet build does
# by default; the first build of each configuration is cold and reported apart.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
lines=${1:-210000}; share=${2:-0.1}; repeats=${3:-3}
work=$(mktemp -d /tmp/coexist-overhead.XXXXXX)
trap 'rm -rf "$work"' EXIT
sonar_version=$(grep -o 'SonarAnalyzer.CSharp" Version="[^"]*' "$root/Directory.Packages.props" | sed 's/.*Version="//')
version="0.1.0-bench.$(date +%s)"

dotnet build -c Release "$root/tests/Coexist.Benchmarks" --nologo -v quiet -clp:NoSummary
dotnet "$root/tests/Coexist.Benchmarks/bin/Release/net10.0/Coexist.Benchmarks.dll" generate-codebase "$work/code" "$lines" "$share"
dotnet pack -c Release "$root/analyzers/Coexist.Analyzers.Package" --nologo -v quiet -o "$work/feed" -p:Version="$version"
cat > "$work/code/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$work/feed" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>
XML
printf 'root = true\n[*.cs]\n' > "$work/code/.editorconfig"

# One build: a full recompilation with ReportAnalyzer; prints "csc_ms coexist_ms sonar_s1313_ms".
build() {
  local log="$work/build.log"
  UseSharedCompilation=true dotnet build "$work/code/Generated.csproj" --no-restore --no-incremental -c Release "$@" \
    -p:UseSharedCompilation=true -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary > "$log" 2>&1
  local csc coexist sonar
  csc=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$log" | head -n 1 | awk '{print $1}')
  coexist=$(grep -E '^\s+[0-9.<]+\s+[0-9<]+\s+Coexist\.Analyzers, Version' "$log" | awk '{print $1}' | tr -d '<' | head -n 1)
  sonar=$(grep -E 'S1313' "$log" | grep -E '^\s+[0-9.<]+\s' | awk '{print $1}' | tr -d '<' | head -n 1)
  echo "${csc:-0} $(awk -v s="${coexist:-0}" 'BEGIN{printf "%d", s*1000}') $(awk -v s="${sonar:-0}" 'BEGIN{printf "%d", s*1000}')"
}

echo "config          csc_ms  coexist_ms  s1313_ms  wall_s"
for config in none coexist sonar both; do
  props=()
  case $config in
    coexist) props=(-p:CoexistAnalyzersVersion="$version") ;;
    sonar) props=(-p:SonarAnalyzerVersion="$sonar_version") ;;
    both) props=(-p:CoexistAnalyzersVersion="$version" -p:SonarAnalyzerVersion="$sonar_version") ;;
  esac
  dotnet restore "$work/code/Generated.csproj" "${props[@]}" --nologo -v quiet > /dev/null
  # The compiler server, as in a developer's builds: started afresh for each configuration, its first
  # (cold: JIT, loading) build shown apart from the warm ones that follow.
  dotnet build-server shutdown > /dev/null 2>&1 || true
  printf '%-14s  %s  (cold)\n' "$config" "$(build "${props[@]}")"
  for ((i = 1; i <= repeats; i++)); do
    start=$(date +%s.%N)
    result=$(build "${props[@]}")
    end=$(date +%s.%N)
    printf '%-14s  %s  %s\n' "$config" "$result" "$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')"
  done
done
