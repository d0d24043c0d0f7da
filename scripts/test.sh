#!/usr/bin/env bash
# Builds with warnings as errors and runs every test. The README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet restore Orchestrator.sln
dotnet build Orchestrator.sln --no-restore -c Release
dotnet test Orchestrator.sln --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee /tmp/orchestrator-test.log
