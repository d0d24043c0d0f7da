#!/usr/bin/env bash
# Before/after of one benchmark in one session: builds the benchmarks of a git ref (default main) in a temporary
# directory and of the working tree, then runs the two alternately, so both see the same machine and the same load.
#   ./scripts/bench-compare.sh [--ref main] [--rounds 2] -- store --large
# Prints each run's table under a header naming the side, the round and the load average. Exit 2 on bad arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ref=main
rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) ref="${2:?--ref needs a git ref}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --) shift; break ;;
    *) echo "bench-compare: unknown argument '$1' (usage: --ref REF --rounds N -- BENCHMARK ARGS)" >&2; exit 2 ;;
  esac
done
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-compare: --rounds '$rounds' is not a positive whole number" >&2
  exit 2
fi
if [ $# -eq 0 ]; then
  echo "bench-compare: name the benchmark after --, e.g. -- store --large" >&2
  exit 2
fi
git rev-parse --verify --quiet "$ref^{commit}" >/dev/null || { echo "bench-compare: '$ref' is not a commit here" >&2; exit 2; }
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
git archive "$ref" | tar -x -C "$before"
dotnet build "$before/tests/Orchestrator.Benchmarks" -c Release -v quiet -nologo
dotnet build tests/Orchestrator.Benchmarks -c Release -v quiet -nologo
dll=tests/Orchestrator.Benchmarks/bin/Release/net10.0/Orchestrator.Benchmarks.dll
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    bin="$before/$dll"; [ "$side" = after ] && bin="$dll"
    echo "=== round $round, $side ($([ "$side" = before ] && echo "$ref" || echo "working tree")), load $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet "$bin" "$@"
  done
done
