#!/usr/bin/env bash
# Builds with warnings as errors and runs every test. The README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp)"
dotnet restore Orchestrator.sln
dotnet build Orchestrator.sln --no-restore -c Release
set +e
dotnet test Orchestrator.sln --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain closing line for CI: "N passed, N failed".
passed=$( (grep -Eo 'Passed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -Eo 'Failed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
# The failed tests again, with the head of each one's message, so the end of CI's output names them.
if [ "$failed" != 0 ]; then
  echo "Failed tests:" | tee -a "${TEST_SUMMARY_FILE:-/dev/null}"
  (grep -E -A 12 '^ +Failed [A-Za-z_.]+' "$log" || true) | cut -c1-300 | head -n 120 | tee -a "${TEST_SUMMARY_FILE:-/dev/null}" || true
fi
rm -f "$log"
echo "${passed} passed, ${failed} failed" | tee -a "${TEST_SUMMARY_FILE:-/dev/null}"
exit "$status"
