#!/usr/bin/env bash
# Installs (as root, from Debian's packages) and starts a PostgreSQL server on loopback with a role and
# database for the store tests, then prints the URL to export:
#
#   export ASSAY_TEST_POSTGRES_URL="$(scripts/postgres.sh)"
#
# Only the URL goes to stdout; everything else (progress, and whatever apt, pg_ctlcluster or psql print,
# such as "Removed stale pid file.") goes to stderr. Safe to run again: an installed package, a running
# cluster, the role and the database are left as they are (the role's password is set again).
set -euo pipefail

# Keep stdout for the URL alone (on descriptor 3); every other command writes to stderr.
exec 3>&1 1>&2

role=assay
password=assay
database=assay_test

say() { echo "postgres: $*"; }

# Sets `url`. Runs with descriptor 3 closed: a server started here (by apt's post-install script or by
# pg_ctlcluster) would otherwise inherit it and hold "$(scripts/postgres.sh)" open for its lifetime.
prepare() {
  if [ "$(id -u)" -ne 0 ]; then
    say "run this as root (it installs a package and starts a cluster as the postgres user)," \
      "or point ASSAY_TEST_POSTGRES_URL at a server of your own"
    exit 1
  fi

  # The client package alone also fills /usr/lib/postgresql: look for the server binary itself.
  if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi

  # Debian's package names the version in its paths (15 on Debian 12); take the newest installed.
  version=$(ls -d /usr/lib/postgresql/*/bin/postgres | awk -F/ '{ print $5 }' | sort -V | tail -n 1)
  # The package creates the `main` cluster on install, unless its configuration says not to.
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    say "creating cluster $version main"
    pg_createcluster "$version" main >/dev/null
  fi
  # Without systemd nothing starts the cluster after the install: start it by hand.
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    say "starting cluster $version main"
    pg_ctlcluster "$version" main start
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || { say "the server on 127.0.0.1:$port did not become ready"; exit 1; }

  psql() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -q -X "$@"; }
  # Debian's pg_hba.conf asks for a password (scram-sha-256) on 127.0.0.1, so the role gets one.
  psql -d postgres <<SQL
  DO \$\$ BEGIN
    CREATE ROLE $role LOGIN PASSWORD '$password';
  EXCEPTION WHEN duplicate_object THEN
    ALTER ROLE $role LOGIN PASSWORD '$password';
  END \$\$;
SQL
  # UTF8 with the C locale whatever the cluster's locale: the store keeps any Unicode text, and C is
  # compatible with every encoding.
  if ! psql -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    say "creating database $database"
    psql -d postgres -c \
      "CREATE DATABASE $database OWNER $role ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
  fi
  url="postgres://$role:$password@127.0.0.1:$port/$database"
}

prepare 3>&-
echo "$url" >&3
