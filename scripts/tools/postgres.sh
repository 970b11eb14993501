#!/usr/bin/env bash
# PostgreSQL from Debian (bookworm ships 15): apt-get install when initdb/pg_ctl are missing. The
# stack runs its own cluster (initdb into its state dir), so the package's service is never started.
source "$(dirname "$0")/../lib.sh"
major="$POSTGRES_MAJOR"
bindir="/usr/lib/postgresql/$major/bin"
ensure_user() {
  # Postgres refuses to run as root: the stack runs it as this system user when it is root itself.
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    log "creating the postgres system user"
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}
if [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] && [ -x "$bindir/postgres" ]; then
  ensure_user
  echo "ok postgres $major (system, $bindir)"
  exit 0
fi
# Root first: the policy-rc.d file below needs it, and apt_install would only say so after.
[ "$(id -u)" = 0 ] || die "PostgreSQL $major is missing: sudo apt-get install postgresql-$major (or run this as root)"
start=$SECONDS
# Keep the package from starting its own cluster on 5432: policy-rc.d 101 = "don't start services".
created_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
apt_install "postgresql-$major" "postgresql-client-$major"
[ -x "$bindir/initdb" ] || die "postgresql-$major installed but $bindir/initdb is missing"
ensure_user
echo "ok postgres $major (installed in $((SECONDS - start))s)"
