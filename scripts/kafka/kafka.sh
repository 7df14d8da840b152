#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft, no ZooKeeper, no Docker) for
# development and tests. See scripts/kafka/README.md.
#
#   kafka.sh install | start | stop | status | reset | java-class <main> [args...]
set -euo pipefail

KAFKA_VERSION=3.9.2

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
KAFKA_HOME="$ROOT/.kafka"
LIB="$KAFKA_HOME/lib"
MARKER="$LIB/.kafka-version"
LOG4J="$SCRIPT_DIR/log4j.properties"

PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
HOST=127.0.0.1

DATA_DIR="$KAFKA_HOME/data-$PORT"
PROPS="$KAFKA_HOME/server-$PORT.properties"
PID_FILE="$KAFKA_HOME/broker-$PORT.pid"
BROKER_LOG="$KAFKA_HOME/broker-$PORT.log"
PROBE_PROPS="$KAFKA_HOME/probe.properties"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
# Short-lived tools start faster with these on small machines.
TOOL_JVM_OPTS=(-Xms32m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)

log() { echo "kafka.sh: $*" >&2; }
die() { log "$*"; exit 1; }

check_ports() {
  [[ "$PORT" =~ ^[0-9]+$ && "$PORT" -ge 1 && "$PORT" -le 65535 ]] \
    || die "KAFKA_PORT must be a port number, got '$PORT'"
  [[ "$CONTROLLER_PORT" =~ ^[0-9]+$ && "$CONTROLLER_PORT" -ge 1 && "$CONTROLLER_PORT" -le 65535 ]] \
    || die "KAFKA_CONTROLLER_PORT must be a port number, got '$CONTROLLER_PORT'"
  [[ "$PORT" != "$CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
}

need_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (Kafka $KAFKA_VERSION needs Java 11+; set JAVA_HOME or put java on PATH)"
}

# Serialise concurrent runs of this script on one lock file; fd 9 is closed in
# the broker so it never holds a lock after the script exits.
take_lock() {
  mkdir -p "$KAFKA_HOME"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$KAFKA_HOME/$1.lock"
    flock 9
  fi
}

installed() { [[ -f "$MARKER" && "$(cat "$MARKER")" == "$KAFKA_VERSION" ]]; }

cmd_install() {
  if installed; then return 0; fi
  take_lock install
  if installed; then return 0; fi # another run installed it meanwhile
  need_java
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to fetch the Kafka jars into $LIB)"
  log "fetching Kafka $KAFKA_VERSION jars into $LIB (Maven, cached in ~/.m2)"
  local tmp="$LIB.tmp"
  rm -rf "$tmp"
  local out
  # Maven logs to stdout (plus stray colour codes even with -B): show it only on failure.
  if ! out="$(mvn -q -B -f "$SCRIPT_DIR/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" 2>&1)"; then
    echo "$out" >&2
    rm -rf "$tmp"
    die "Maven could not fetch the Kafka jars"
  fi
  compgen -G "$tmp/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null || die "Maven ran but kafka_2.13-$KAFKA_VERSION.jar is missing"
  echo "$KAFKA_VERSION" >"$tmp/.kafka-version"
  rm -rf "$LIB"
  mv "$tmp" "$LIB"
  log "installed $(compgen -G "$LIB/*.jar" | wc -l) jars"
}

# java on the Kafka classpath with quiet logging.
run_java() {
  "$JAVA" "${TOOL_JVM_OPTS[@]}" "-Dlog4j.configuration=file:$LOG4J" -cp "$LIB/*" "$@"
}

# kill -0 alone would count a zombie (our own exited child) as alive.
alive() {
  local st
  st="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "$st" && "$st" != Z* ]]
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# PID of the broker this script started for PORT, if it is still alive.
broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # Guard against a recycled PID: it must be our kafka.Kafka with our config.
  local args
  args="$(ps -ww -p "$pid" -o args= 2>/dev/null)" || return 1
  [[ "$args" == *kafka.Kafka*"$PROPS"* ]] || return 1
  echo "$pid"
}

# Asks the broker for its topic list (a real metadata round trip).
probe() {
  local guard=()
  # The admin client times out by itself (probe.properties); timeout(1) is a safety net.
  if command -v timeout >/dev/null 2>&1; then guard=(timeout 30); fi
  ${guard[@]+"${guard[@]}"} "$JAVA" "${TOOL_JVM_OPTS[@]}" "-Dlog4j.configuration=file:$LOG4J" -cp "$LIB/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$PORT" \
    --command-config "$PROBE_PROPS" --list >/dev/null 2>&1
}

# Asks for a consumer group once, so the broker creates and loads __consumer_offsets now: the first
# group join on a brand-new broker otherwise races the coordinator's loading and kafkajs can stall on it.
warm_group_coordinator() {
  local guard=()
  if command -v timeout >/dev/null 2>&1; then guard=(timeout 60); fi
  ${guard[@]+"${guard[@]}"} "$JAVA" "${TOOL_JVM_OPTS[@]}" "-Dlog4j.configuration=file:$LOG4J" -cp "$LIB/*" \
    org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$HOST:$PORT" \
    --command-config "$PROBE_PROPS" --describe --group eventy-lens-warmup >/dev/null 2>&1 || true
}

write_props() {
  cat >"$PROPS" <<EOF
# Generated by scripts/kafka/kafka.sh on each start; edit the script instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR

# Single node: replication factor 1 everywhere, small internal topics.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0

auto.create.topics.enable=true
num.partitions=3

# Room for 10 MB messages plus record-batch overhead.
message.max.bytes=11534336
replica.fetch.max.bytes=11534336
EOF
  cat >"$PROBE_PROPS" <<EOF
request.timeout.ms=5000
default.api.timeout.ms=8000
EOF
}

cluster_id() {
  local id_file="$DATA_DIR/cluster.id"
  if [[ ! -s "$id_file" ]]; then
    local id=""
    # Keep the id of an already formatted directory, if any.
    if [[ -f "$DATA_DIR/meta.properties" ]]; then
      id="$(sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties")"
    fi
    if [[ -z "$id" ]]; then
      id="$(run_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    fi
    [[ -n "$id" ]] || die "could not generate a cluster id"
    echo "$id" >"$id_file"
  fi
  cat "$id_file"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! alive "$pid"; then
      log "broker (pid $pid) exited during startup; last lines of $BROKER_LOG:"
      tail -n 40 "$BROKER_LOG" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    if port_open "$PORT" && probe; then
      return 0
    fi
    sleep 0.5
  done
  log "broker (pid $pid) did not answer on $HOST:$PORT within ${START_TIMEOUT}s; stopping it. Last lines of $BROKER_LOG:"
  tail -n 40 "$BROKER_LOG" >&2 || true
  stop_pid "$pid"
  rm -f "$PID_FILE"
  return 1
}

cmd_start() {
  check_ports
  cmd_install
  take_lock "broker-$PORT"
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$PORT" && probe; then
      echo "Kafka $KAFKA_VERSION already running on $HOST:$PORT (pid $pid)"
      return 0
    fi
    log "broker (pid $pid) is running but not answering yet; waiting"
    wait_ready "$pid" || exit 1
    echo "Kafka $KAFKA_VERSION ready on $HOST:$PORT"
    return 0
  fi
  rm -f "$PID_FILE"

  local p
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port $HOST:$p is already in use by another process (not a broker started by this script); set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done

  need_java
  mkdir -p "$DATA_DIR"
  write_props
  local id out
  id="$(cluster_id)"
  if ! out="$(run_java kafka.tools.StorageTool format -t "$id" -c "$PROPS" --ignore-formatted 2>&1)"; then
    log "formatting $DATA_DIR failed:"
    echo "$out" >&2
    exit 1
  fi

  : >"$BROKER_LOG"
  nohup "$JAVA" -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j.configuration=file:$LOG4J" -cp "$LIB/*" \
    kafka.Kafka "$PROPS" </dev/null >>"$BROKER_LOG" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"

  wait_ready "$pid" || exit 1
  warm_group_coordinator
  echo "Kafka $KAFKA_VERSION ready on $HOST:$PORT"
}

# SIGTERM (Kafka shuts down cleanly), then SIGKILL after 20 s.
stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    alive "$pid" || return 0
    sleep 0.2
  done
  log "broker (pid $pid) did not stop within 20s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  while alive "$pid"; do sleep 0.1; done
}

cmd_stop() {
  check_ports
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    echo "Kafka on $HOST:$PORT is not running"
    return 0
  fi
  stop_pid "$pid"
  rm -f "$PID_FILE"
  echo "Kafka on $HOST:$PORT stopped"
}

cmd_status() {
  check_ports
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$PORT"; then
      echo "Kafka $KAFKA_VERSION running on $HOST:$PORT (pid $pid)"
      return 0
    fi
    echo "Kafka on $HOST:$PORT: process $pid is up but the port is not open (starting?)"
    return 1
  fi
  echo "Kafka on $HOST:$PORT is not running"
  return 1
}

cmd_reset() {
  cmd_stop
  rm -rf "$DATA_DIR" "$PROPS"
  echo "Deleted $DATA_DIR"
}

cmd_java_class() {
  [[ $# -ge 1 ]] || die "usage: kafka.sh java-class <main-class> [args...]"
  cmd_install
  need_java
  exec "$JAVA" "${TOOL_JVM_OPTS[@]}" "-Dlog4j.configuration=file:$LOG4J" -cp "$LIB/*" "$@"
}

usage() {
  cat >&2 <<EOF
usage: kafka.sh <command>
  install                     fetch the Kafka $KAFKA_VERSION jars into .kafka/lib (once)
  start                       start the broker on 127.0.0.1:\${KAFKA_PORT:-9092} and wait until it answers
  stop                        stop the broker started for KAFKA_PORT
  status                      exit 0 if it is running, 1 if not
  reset                       stop it and delete its data
  java-class <main> [args]    run a Java main class on the Kafka classpath
EOF
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    java-class) cmd_java_class "$@" ;;
    -h | --help | help) usage ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
