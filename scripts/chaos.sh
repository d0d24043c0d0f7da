#!/usr/bin/env bash
# The chaos suite (tests/Orchestrator.Chaos): the built `orchestrator run` against a throwaway PostgreSQL, the RunPod
# fake behind a fault-injecting proxy and simulated workers; one line of figures per scenario.
#   ./scripts/chaos.sh --short     every scenario, at most 5 minutes (CI runs this)
#   ./scripts/chaos.sh --long      longer storms, 50 % faults, 10 leader kills, and the 2 x 5 minute degrade benchmark
#   ./scripts/chaos.sh --scenario degrade [--degrade-minutes 5]
# Builds the solution first, as scripts/test.sh does (Release, warnings as errors; a no-op right after it). Exit 1 when an invariant broke.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Orchestrator.sln -c Release -v quiet -nologo
exec dotnet tests/Orchestrator.Chaos/bin/Release/net10.0/Orchestrator.Chaos.dll "$@"
