#!/usr/bin/env bash
# Proves the Dockerfile's build stage without a Docker engine: copies exactly the paths its COPY lines name
# (minus .dockerignore) into an empty directory standing for the image's filesystem, runs its RUN lines there
# (absolute container paths such as /src and /app mapped into that directory), then runs the published binary:
# `help` and a one-hour `simulate` (text and JSON). Also checks that the systemd unit's Documentation= file is in the
# publish output. An `apt-get install` RUN line is not run: its packages must already be installed here.
#   scripts/docker-build-stage.sh            (KEEP=1 keeps the directory; NATIVE_BINARY_OUT=path copies the executable)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
root="$(mktemp -d "${TMPDIR:-/tmp}/docker-build-stage.XXXXXX")"   # the image filesystem; .context/ is scratch
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$root"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The build stage: from "FROM ... AS build" to the next FROM, continuation lines joined, comments dropped.
stage="$(awk '
  /^[[:space:]]*#/ { next }
  /^FROM / { if (in_stage) exit; if ($0 ~ / AS build$/) { in_stage = 1; next } }
  in_stage {
    line = line $0
    if (line ~ /\\$/) { sub(/\\$/, " ", line); next }
    if (line ~ /[^[:space:]]/) print line
    line = ""
  }' "$repo/Dockerfile")"
[ -n "$stage" ] || { echo "no 'FROM ... AS build' stage in the Dockerfile" >&2; exit 1; }

# .dockerignore patterns this script understands: "**/name/", "dir/", "path" (negations are ignored).
ignored=()
while IFS= read -r pattern; do
  case "$pattern" in ''|'#'*|'!'*) continue ;; esac
  ignored+=("${pattern%/}")
done < <(sed 's/[[:space:]]*$//' "$repo/.dockerignore" 2>/dev/null || true)

prune() { # removes what .dockerignore excludes from a copied path ($1 = path in the context, $2 = its copy)
  local pattern
  for pattern in "${ignored[@]}"; do
    if [[ "$pattern" == '**/'* ]]; then
      if [ -d "$2" ]; then find "$2" -depth -name "${pattern#\*\*/}" -exec rm -rf {} +; fi
    elif [ "$1" = "$pattern" ]; then
      echo "COPY $1: excluded by .dockerignore (the build would fail)" >&2; exit 1
    elif [[ "$pattern" == "$1"/* ]]; then
      rm -rf "$2/${pattern#"$1"/}"
    fi
  done
  return 0
}

map() { # container path -> its place under $root
  sed -E "s#(^|[[:space:]=])/(src|app)([/[:space:]]|\$)#\1$root/\2\3#g" <<<"$1"
}

workdir="$root"
run_seconds=()
while IFS= read -r instruction; do
  read -r keyword rest <<<"$instruction"
  case "$keyword" in
    WORKDIR) workdir="$(map "$rest")"; [[ "$workdir" == /* ]] || workdir="$root/$workdir"; mkdir -p "$workdir" ;;
    ENV) eval "export $rest" ;;
    COPY)
      read -r -a words <<<"$rest"
      [[ "${words[0]}" != --* ]] || { echo "COPY ${words[0]} is not supported here" >&2; exit 1; }
      dest="${words[-1]}"
      [[ "$dest" == /* ]] && dest="$(map "$dest")" || dest="$workdir/$dest"
      for source in "${words[@]:0:${#words[@]}-1}"; do
        source="${source%/}"
        [ -e "$repo/$source" ] || { echo "COPY $source: not in the build context" >&2; exit 1; }
        # Stage the source, drop what .dockerignore excludes, then merge into the destination (COPY merges too).
        staged="$root/.context/$source"
        rm -rf "$staged"; mkdir -p "$(dirname "$staged")"; cp -a "$repo/$source" "$staged"; prune "$source" "$staged"
        if [ -d "$staged" ]; then
          mkdir -p "$dest"; cp -a "$staged/." "$dest/"
        elif [[ "$dest" == */ ]]; then
          mkdir -p "$dest"; cp -a "$staged" "$dest"
        else
          mkdir -p "$(dirname "$dest")"; cp -a "$staged" "$dest"
        fi
        echo "COPY $source -> ${dest#"$root"}" | sed 's#/\./#/#' 
      done ;;
    RUN)
      if [[ "$rest" == apt-get* ]]; then
        # The image's system packages: this machine must already have them (scripts/setup-test-deps.sh installs them).
        packages="$(sed -E 's/.*apt-get install[^&]*--no-install-recommends ([^&]*).*/\1/' <<<"$rest")"
        for package in $packages; do
          dpkg -s "$package" >/dev/null 2>&1 || { echo "RUN apt-get: $package is not installed here (run scripts/setup-test-deps.sh)" >&2; exit 1; }
        done
        echo "RUN apt-get ...: $packages installed here"
        continue
      fi
      command="$(map "$rest")"
      echo "RUN $rest"
      start=$SECONDS
      (cd "$workdir" && bash -euo pipefail -c "$command")
      run_seconds+=("$((SECONDS - start))") ;;
    *) echo "build stage: $keyword is not supported here" >&2; exit 1 ;;
  esac
done <<<"$stage"

app="$root/app"
binary="$app/orchestrator"
[ -x "$binary" ] || { echo "the build stage produced no /app/orchestrator executable" >&2; exit 1; }
doc="$(sed -n 's#^Documentation=file:///opt/orchestrator/##p' "$repo/deploy/orchestrator.service")"
if [ -n "$doc" ] && [ ! -f "$app/$doc" ]; then
  echo "deploy/orchestrator.service: Documentation= names $doc, which the publish output lacks" >&2; exit 1
fi

# The shipped binary carries no test fakes and no test schema (type and resource names are plain text in it).
if grep -aoE 'InMemoryGpuCloud|ScriptedBootstrapper|ThrowawayPostgres|reigh-schema' "$binary" | sort -u | grep .; then
  echo "test-only code in the shipped orchestrator (above)" >&2; exit 1
fi
# A native executable: no .NET runtime in the runtime image, so nothing may need one.
if [ -e "$app/orchestrator.dll" ] || [ -e "$app/orchestrator.runtimeconfig.json" ]; then
  echo "the build stage left a framework-dependent orchestrator.dll in /app; the runtime image has no .NET runtime" >&2; exit 1
fi
"$binary" help >/dev/null
report="$(cd "$root" && "$binary" simulate --scenario steady --hours 1)"
# The JSON report goes through source-generated serializers in the native build: it must parse.
(cd "$root" && "$binary" simulate --scenario steady --hours 1 --json) | python3 -c 'import json,sys; json.load(sys.stdin)' \
  || { echo "simulate --json from the native binary is not valid JSON" >&2; exit 1; }
[ -z "${NATIVE_BINARY_OUT:-}" ] || cp "$binary" "$NATIVE_BINARY_OUT"
echo "build stage OK: restore ${run_seconds[0]:-?} s, publish ${run_seconds[1]:-?} s, $(find "$app" -type f | wc -l) files in /app ($(du -sh "$app" | cut -f1)), native executable $(du -m "$binary" | cut -f1) MB"
echo "help: OK; simulate --scenario steady --hours 1: $(grep -E '^ *cost \(\$\)' <<<"$report" | tr -s ' ' | sed 's/^ //') | $(grep -v '^[[:space:]]*$' <<<"$report" | tail -n 1 | sed 's/^ *//')"
