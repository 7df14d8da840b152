#!/usr/bin/env bash
# npm run demo: a local broker, a simulated shop of eventy services writing to it, and the
# dashboard reading it. Ctrl-C stops what this script started (the broker only if it started it).
#
#   PORT (3000)  DEMO_RATE (5 orders/s)  DEMO_MALFORMED_RATE (0.003)  LENS_DATA_DIR (./data)
#   DEMO_LOG_LEVEL (error: the generator's stderr log level)  KAFKA_PORT (9092)
#   LENS_LAG_STUCK_MS (60000 here: how soon the poison-stopped audit-log consumer shows as stuck on /lag)
# shellcheck disable=SC2317 # stop_process and cleanup run from the EXIT trap
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# the pinned Node 24 and the project's tools, never the system ones
export PATH="$ROOT/node_modules/.bin:$PATH"

PORT="${PORT:-3000}"
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export LENS_KAFKA_BROKERS="${LENS_KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export LENS_DATA_DIR="${LENS_DATA_DIR:-./data}"
export LENS_LAG_STUCK_MS="${LENS_LAG_STUCK_MS:-60000}"
LOG_DIR="$LENS_DATA_DIR/demo-logs"
URL="http://127.0.0.1:$PORT"

say() { echo "demo: $*" >&2; }
die() { say "$*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started_broker=0
traffic_pid=""
dashboard_pid=""
audit_log_pid=""
fraud_check_pid=""

stop_process() {
  local pid="$1" what="$2" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do # up to 15 s
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  say "$what (pid $pid) did not stop within 15s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  say "stopping"
  stop_process "$traffic_pid" "traffic generator"
  stop_process "$audit_log_pid" "audit-log consumer"
  stop_process "$fraud_check_pid" "fraud-check consumer"
  stop_process "$dashboard_pid" "dashboard"
  if ((started_broker)); then bash scripts/kafka/kafka.sh stop >&2 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_broker() {
  if [[ "$LENS_KAFKA_BROKERS" != "127.0.0.1:$KAFKA_PORT" && "$LENS_KAFKA_BROKERS" != "localhost:$KAFKA_PORT" ]]; then
    say "using the brokers in LENS_KAFKA_BROKERS ($LENS_KAFKA_BROKERS)"
    return 0
  fi
  if ! bash scripts/kafka/kafka.sh status >/dev/null 2>&1 && port_open "$KAFKA_PORT"; then
    say "a broker not started by scripts/kafka/kafka.sh listens on 127.0.0.1:$KAFKA_PORT; using it"
    return 0
  fi
  local out
  out="$(bash scripts/kafka/kafka.sh start)" || die "the broker did not start (see .kafka/broker-$KAFKA_PORT.log)"
  echo "$out" >&2
  # kafka.sh is idempotent: stop at exit only a broker this run brought up
  if [[ "$out" != *"already running"* ]]; then started_broker=1; fi
}

# Rebuild only when the sources changed since the last build.
needs_build() {
  [[ -f .next/BUILD_ID ]] || return 0
  local newer
  # tests are not part of the build
  newer="$(find app server instrumentation* next.config.js -newer .next/BUILD_ID -not -name '*.test.ts' -print -quit 2>/dev/null || true)"
  [[ -n "$newer" ]]
}

wait_for_dashboard() {
  local i code
  for ((i = 0; i < 240; i++)); do # up to 120 s
    kill -0 "$dashboard_pid" 2>/dev/null || { tail -n 30 "$LOG_DIR/dashboard.log" >&2; die "the dashboard exited; log: $LOG_DIR/dashboard.log"; }
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$URL/api/health" || true)"
    [[ "$code" != "000" && -n "$code" ]] && return 0
    sleep 0.5
  done
  die "the dashboard did not answer on $URL/api/health within 120s; log: $LOG_DIR/dashboard.log"
}

# An eventy-like service (group audit-log) that stops on a poison record and exits 1, restarted after 20 s like a pod
# in CrashLoopBackOff: its partition stays stuck on /lag until someone parks the record.
audit_log_loop() {
  local child=""
  trap '[[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null; wait 2>/dev/null; exit 0' TERM INT
  while true; do
    DEMO_CONSUMER_GROUP=audit-log DEMO_CONSUMER_TOPICS=orders-events tsx scripts/demo/consumers/eventy-stopping-consumer.ts >>"$LOG_DIR/audit-log.log" 2>&1 &
    child=$!
    wait "$child" || true
    child=""
    sleep 20 &
    child=$!
    wait "$child" || true
    child=""
  done
}

port_open "$PORT" && die "port $PORT is already in use; set PORT to another one"
mkdir -p "$LOG_DIR"
start_broker

say "starting the shop traffic (${DEMO_RATE:-5} orders/s); its log: $LOG_DIR/traffic.log"
LENS_LOG_LEVEL="${DEMO_LOG_LEVEL:-error}" tsx scripts/demo/traffic.ts 2>>"$LOG_DIR/traffic.log" &
traffic_pid=$!

say "starting the demo consumers audit-log (stops on poison records) and fraud-check (dead-letters them to <topic>.DLT, Spring-style); logs: $LOG_DIR/audit-log.log, $LOG_DIR/fraud-check.log"
audit_log_loop &
audit_log_pid=$!
DEMO_CONSUMER_GROUP=fraud-check DEMO_CONSUMER_TOPICS=orders-events,billing-requests tsx scripts/demo/consumers/spring-dlt-consumer.ts >>"$LOG_DIR/fraud-check.log" 2>&1 &
fraud_check_pid=$!

if needs_build; then
  say "building the dashboard (next build); log: $LOG_DIR/build.log"
  if ! next build >"$LOG_DIR/build.log" 2>&1; then
    tail -n 40 "$LOG_DIR/build.log" >&2
    die "next build failed; log: $LOG_DIR/build.log"
  fi
fi

say "starting the dashboard; its log: $LOG_DIR/dashboard.log"
NEXT_MANUAL_SIG_HANDLE=true next start -H "${LENS_HOST:-127.0.0.1}" -p "$PORT" >>"$LOG_DIR/dashboard.log" 2>&1 &
dashboard_pid=$!
wait_for_dashboard

echo
echo "Eventy Lens demo running: $URL (Ctrl-C to stop)"
echo

# Runs until Ctrl-C, or until one of the two stops by itself.
status=0
wait -n "$traffic_pid" "$dashboard_pid" || status=$?
# 130/143: Ctrl-C reached a child before the trap ran; nothing to report
if ((status != 130 && status != 143)); then
  kill -0 "$traffic_pid" 2>/dev/null || say "the traffic generator stopped (exit $status); log: $LOG_DIR/traffic.log"
  kill -0 "$dashboard_pid" 2>/dev/null || say "the dashboard stopped (exit $status); log: $LOG_DIR/dashboard.log"
fi
exit "$status"
