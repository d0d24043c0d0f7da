# GPU worker orchestrator: multi-stage build.
#   docker build -t orchestrator .
#   docker run --env-file deploy/orchestrator.env -p 8080:8080 orchestrator

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Native AOT links the service into one executable with a C toolchain (gcc here; clang works too).
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev zlib1g-dev && rm -rf /var/lib/apt/lists/*
# Only what the service's build needs: the test projects and the Reigh schema stay out (scripts/docker-build-stage.sh
# publishes from exactly these COPY lines, without Docker, to prove it).
# Restore first, from the project files only, so the layer is cached until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Orchestrator.Core/Orchestrator.Core.csproj src/Orchestrator.Core/
COPY src/Orchestrator/Orchestrator.csproj src/Orchestrator/
RUN dotnet restore src/Orchestrator/Orchestrator.csproj -r linux-x64 -p:PublishAot=true
COPY appsettings.json README.md ./
COPY src/ src/
# One native executable (no JIT, no .NET runtime in the image): idle resident set 71 MB against 122 MB for the
# JIT-compiled build (docs/reliability.md, "Idle RSS").
RUN dotnet publish src/Orchestrator/Orchestrator.csproj -c Release -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc --no-restore -o /app \
    && rm -f /app/*.pdb /app/*.xml /app/*.dbg

# The native executable needs only the C library, OpenSSL and CA certificates: the runtime-deps image.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
# No OpenSSH client: pods are reached with SSH.NET inside the process, host keys are pinned in the database and the
# private key is parsed in memory. A fixed non-root user with a private home (mode 700).
RUN groupadd --system --gid 10001 orchestrator \
    && useradd --system --uid 10001 --gid orchestrator --home-dir /home/orchestrator --create-home --shell /usr/sbin/nologin orchestrator \
    && chmod 700 /home/orchestrator
WORKDIR /app
COPY --from=build --chown=root:root /app ./
# MALLOC_ARENA_MAX (2 glibc arenas) keeps the busy service's resident set down, measured by the soak benchmark
# (docs/reliability.md, "Soak and memory").
ENV MALLOC_ARENA_MAX=2 \
    HOME=/home/orchestrator \
    LOG_FORMAT=json \
    HEALTH_PORT=8080 \
    HEALTH_BIND_ADDRESS=0.0.0.0
USER 10001:10001
EXPOSE 8080
# The image has no curl: the binary checks its own /healthz (exit 0 healthy, 1 not).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["/app/orchestrator", "healthcheck", "--timeout", "5"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/orchestrator"]
CMD ["run"]
