#!/usr/bin/env bash
# Runs every test project in Coexist.sln and ends with one line: "N passed, N failed, N skipped".
# As root it first installs the Debian packages the lab tests need; without root those tests
# skip and say why.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
  scripts/install-prerequisites.sh || { echo "prerequisites could not be installed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
else
  echo "not root: prerequisites not installed; lab tests will skip with their reason" >&2
fi

results=$(mktemp -d /tmp/coexist-tests.XXXXXX)
trap 'rm -rf "$results"' EXIT

# One test project at a time (-maxcpucount:1): the lab's and the probes' tests time real exchanges, and on a
# 2-core machine the analyzer tests running beside them made loopback answers late enough to be judged lost.
dotnet test Coexist.sln \
  -maxcpucount:1 \
  --configuration Release \
  --logger "trx" \
  --logger "console;verbosity=minimal" \
  --results-directory "$results" \
  --blame-hang-timeout 15m
status=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(value total); executed=$(value executed)
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + total - executed))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: that is a failure too.
  echo "dotnet test exited with $status before reporting a failed test (build error or crashed test host)"
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
