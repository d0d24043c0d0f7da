#!/usr/bin/env bash
# Installs the real components the tests run against: PostgreSQL 15 server binaries; OpenSSH server and client (the
# pods' sshd on loopback); promtool (Debian package prometheus: checks /metrics, the alert rules and the dashboard's
# queries); PgBouncer (the wake-up tests run LISTEN through it in pool_mode=transaction, as Supabase's pooler); and
# chromium-headless-shell (the status page tests render the page in a real browser and take its screenshot); and the
# C toolchain the image's Native AOT build links with (gcc, libc6-dev, zlib1g-dev: the Dockerfile's build stage installs
# the same, and scripts/docker-build-stage.sh publishes the native executable here).
set -euo pipefail
need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
[ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
[ -x /usr/bin/chromium-headless-shell ] || need+=(chromium-headless-shell)
for package in gcc libc6-dev zlib1g-dev; do dpkg -s "$package" >/dev/null 2>&1 || need+=("$package"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# The tests run initdb/postgres as the 'postgres' user when started as root.
id postgres >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] || useradd --system --no-create-home postgres; }
echo "test dependencies ready"
