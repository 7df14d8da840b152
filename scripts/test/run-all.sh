#!/usr/bin/env bash
# The one test command (`npm test`): lint, types, unit, real-Kafka integration, Python interop, browser e2e.
# Starts the broker and the Python venv when they are not there yet and stops what it started.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
results="$root/.tmp/test-results"
rm -rf "$results" && mkdir -p "$results"
failures=()
# A failed step that wrote no test report still counts as one failure in the totals.
fail_step() { failures+=("$1"); [ -f "$results/$2.json" ] || echo '{"numPassedTests":0,"numFailedTests":1}' >"$results/$2.json"; }

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

# KAFKA_PORT moves the whole run (broker, tests, the e2e server) to another local port
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export LENS_TEST_BROKERS="${LENS_TEST_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export LENS_KAFKA_BROKERS="${LENS_KAFKA_BROKERS:-$LENS_TEST_BROKERS}"

started_broker=0
if ! bash scripts/kafka/kafka.sh status >/dev/null 2>&1; then
  step "starting the local Kafka broker"
  bash scripts/kafka/kafka.sh start || { echo "cannot start Kafka"; echo "0 passed, 1 failed"; exit 1; }
  started_broker=1
fi
stop_broker() { if [ "$started_broker" = 1 ]; then bash scripts/kafka/kafka.sh stop; fi; }

# the PostgreSQL store's tests run on a real server: the one given, or a throwaway one in .tmp/test-pg
started_pg=0
if [ -z "${LENS_TEST_DATABASE_URL:-}" ]; then
  step "starting a throwaway PostgreSQL server"
  export PG_DIR="$root/.tmp/test-pg"
  if pg_url="$(bash scripts/pg/pg.sh start | tail -n 1)"; then
    export LENS_TEST_DATABASE_URL="$pg_url"
    started_pg=1
  else
    fail_step "postgresql start" step-postgresql
  fi
fi
stop_servers() {
  stop_broker
  if [ "$started_pg" = 1 ]; then bash scripts/pg/pg.sh destroy >/dev/null; fi
}
trap stop_servers EXIT

step "Python venv for interop tests"
bash scripts/interop/setup-venv.sh || fail_step "python venv" step-venv

step "lint"
eslint --max-warnings 0 . || fail_step lint step-lint

step "typecheck"
tsc --noEmit -p . || fail_step typecheck step-typecheck

step "Jaeger all-in-one, built from the Go module proxy, for the OTLP export test"
# on failure the step fails (the Jaeger test would only be skipped, and a skip must not pass unseen)
if jaeger_bin="$(bash scripts/otel/jaeger.sh install | tail -n 1)"; then
  export LENS_TEST_JAEGER_BIN="$jaeger_bin"
else
  fail_step "jaeger build" step-jaeger
fi

for project in unit integration interop; do
  step "vitest: $project"
  vitest run --project "$project" --reporter=default --reporter=json --outputFile="$results/vitest-$project.json" || fail_step "$project tests" "vitest-$project"
done

step "e2e (next build + Playwright in Debian chromium)"
bash scripts/test/e2e.sh "$results/playwright.json" || fail_step "e2e tests" playwright

step "summary"
node scripts/test/summarize-results.mjs "$results"
summary_status=$?
if [ "${#failures[@]}" -gt 0 ]; then
  echo "failed steps: ${failures[*]}" >&2
fi
# The totals line must stay the last line of output.
node scripts/test/summarize-results.mjs "$results" --totals-only
[ "${#failures[@]}" -eq 0 ] && [ "$summary_status" -eq 0 ]
