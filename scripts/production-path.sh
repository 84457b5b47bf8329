#!/usr/bin/env bash
# The production path without Docker, as docker-compose.yml runs it: a fresh database, the migrate
# job (as the owner), then API and worker with production settings (as the application's role),
# each started with its compose command against the built entry points. Checks that the bootstrap
# administrator signs in, that an audited change gets sealed by the worker, and that production
# refuses to start with Mailpit's address, a short seal key or the development JWT secret, naming
# each. Needs Postgres (trust auth for postgres and the app role) and Redis on localhost, and a
# build (nest build). Usage: scripts/production-path.sh [database name, default mash_prod_path]
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${1:-mash_prod_path}
PG=${PRODUCTION_PATH_PG:-127.0.0.1:5432}
PORT=${PRODUCTION_PATH_PORT:-$((20000 + RANDOM % 20000))}
WORK=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "production-path: FAILED: $*" >&2; for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done; exit 1; }
command_of() { mapfile -t CMD < <(node scripts/check-compose.js command "$1"); }

# What compose's x-app-environment gives API and worker (with local hosts and fresh secrets).
export NODE_ENV=production
export DATABASE_URL="postgres://mash_app@$PG/$DB"
export REDIS_URL=${PRODUCTION_PATH_REDIS_URL:-redis://127.0.0.1:6379}
export SMTP_URL="smtps://relay.invalid:465"
export MAIL_FROM=mash@council.example.gov.uk
export JWT_SECRET=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
export AUDIT_SEAL_KEY=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
export AUDIT_CHECKPOINT_PATH="$WORK/checkpoints.log"
export AUDIT_CHECKPOINT_INTERVAL=1s
export ADMIN_EMAIL=admin@council.example.gov.uk
export QUEUE_PREFIX="prodpath-$RANDOM"
export LOG_LEVEL=warn
export PORT
ADMIN_PASSWORD_VALUE="prod-path-$(node -e 'console.log(require("crypto").randomBytes(9).toString("hex"))')"

echo "production-path: refusals (each must exit non-zero naming the value)"
command_of api
refuses() { # <expected message> <VAR=value>...
  local expected=$1; shift
  local out status
  set +e; out=$(env "$@" timeout 60 "${CMD[@]}" 2>&1); status=$?; set -e
  [ $status -ne 0 ] || fail "the API started with $*"
  grep -qF "$expected" <<<"$out" || fail "refusal of $* did not say: $expected (it said: $out)"
  echo "  refused $*: $expected"
}
refuses "SMTP_URL: Mailpit's address (smtp://mailpit:1025)" SMTP_URL=smtp://mailpit:1025
refuses "AUDIT_SEAL_KEY: must be at least 32 characters" AUDIT_SEAL_KEY=short-seal-key
refuses "JWT_SECRET: the published development value is refused" JWT_SECRET=development-only-secret-do-not-use-in-production
refuses "SMTP_URL: production needs a relay over TLS" SMTP_URL=smtp://relay.invalid:25
refuses "JWT_SECRET: must be set" -u JWT_SECRET

echo "production-path: fresh database $DB, migrate job"
psql -h "${PG%:*}" -p "${PG#*:}" -U postgres -qc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
command_of migrate
env MIGRATION_DATABASE_URL="postgres://postgres@$PG/$DB" ADMIN_PASSWORD="$ADMIN_PASSWORD_VALUE" "${CMD[@]}" >"$WORK/migrate.log" 2>&1 || fail "migrate job"
grep -q "created administrator $ADMIN_EMAIL" "$WORK/migrate.log" || fail "the migrate job did not create the administrator"
echo "  $(tail -1 "$WORK/migrate.log")"

echo "production-path: API and worker as the application's role, port $PORT"
command_of api
"${CMD[@]}" >"$WORK/api.log" 2>&1 & pids+=($!)
command_of worker
"${CMD[@]}" >"$WORK/worker.log" 2>&1 & pids+=($!)
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null || fail "API not ready"
psql -h "${PG%:*}" -p "${PG#*:}" -U postgres -d "$DB" -Atc "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = '$DB' AND application_name <> 'psql'" | grep -qx mash_app || fail "API and worker are not connected as mash_app"
[ "$(psql -h "${PG%:*}" -p "${PG#*:}" -U postgres -d "$DB" -Atc "SELECT count(DISTINCT usename) FROM pg_stat_activity WHERE datname = '$DB' AND usename <> 'postgres'")" = 1 ] || fail "unexpected database users"

token=$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'content-type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD_VALUE\"}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).accessToken))') \
  || fail "the bootstrap administrator could not sign in"
echo "  the bootstrap administrator signed in"
curl -fsS -X POST "http://127.0.0.1:$PORT/api/v1/admin/agencies" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"name":"Production path agency","type":"voluntary"}' >/dev/null || fail "the administrator could not create an agency"
for _ in $(seq 1 30); do [ -s "$AUDIT_CHECKPOINT_PATH" ] && break; sleep 1; done
[ -s "$AUDIT_CHECKPOINT_PATH" ] || fail "the worker wrote no audit checkpoint"
echo "  the worker sealed the audit trail as mash_app and checkpointed it: $(tail -1 "$AUDIT_CHECKPOINT_PATH")"
if grep -h '"level":[56]0' "$WORK/api.log" "$WORK/worker.log"; then fail "API or worker logged errors"; fi
echo "production-path: OK"
