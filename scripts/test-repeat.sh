#!/usr/bin/env bash
# Runs the built test suite N times (default 5) and lists every test that failed in any run, with the head of its
# message: the way to find a test that fails one run in ten before CI does. Build first (scripts/test.sh does).
#   ./scripts/test-repeat.sh [N] [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Rest]
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
runs="${1:-5}"
shift || true
case "$runs" in ''|*[!0-9]*) echo "test-repeat: the number of runs must be a whole number, got '$runs'" >&2; exit 2 ;; esac
logs="$(mktemp -d)"
failures=0
for i in $(seq 1 "$runs"); do
  dotnet test Orchestrator.sln --no-build -c Release --logger "console;verbosity=normal" "$@" > "$logs/run-$i.log" 2>&1
  rc=$?
  failed=$(grep -Ec '^ +Failed [A-Za-z_.]+' "$logs/run-$i.log")
  echo "run $i of $runs: exit $rc, $failed failed"
  if [ "$rc" != 0 ]; then
    failures=$((failures + 1))
    grep -E -A 6 '^ +Failed [A-Za-z_.]+' "$logs/run-$i.log" | cut -c1-300
  fi
done
echo "$failures of $runs runs failed; logs in $logs"
[ "$failures" = 0 ]
