#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker in KRaft mode (broker + controller in one JVM) from the
# jars install.sh cached, waits until it answers a metadata request, and prints KAFKA_BROKERS=….
# The log dir is kept between starts, so stop.sh + start.sh is a broker restart with its data;
# `start.sh --fresh` wipes it first.
#   KAFKA_HOME   jars (default ${GONGKAI_CACHE:-$HOME/.cache/gongkai}/kafka)
#   KAFKA_STATE  config, data, logs, pid (default ${TMPDIR:-/tmp}/gongkai-kafka)
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (512m), KAFKA_START_TIMEOUT (120 s)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_HOME="${KAFKA_HOME:-${GONGKAI_CACHE:-$HOME/.cache/gongkai}/kafka}"
KAFKA_STATE="${KAFKA_STATE:-${TMPDIR:-/tmp}/gongkai-kafka}"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
heap="${KAFKA_HEAP:-512m}"
timeout="${KAFKA_START_TIMEOUT:-120}"
libs="$KAFKA_HOME/libs"
pidfile="$KAFKA_STATE/kafka.pid"

[[ -d "$libs" ]] || { echo "start.sh: no kafka jars in $libs — run infra/kafka/install.sh first" >&2; exit 1; }
if [[ "${1:-}" == "--fresh" ]]; then
  "$here/stop.sh" >/dev/null
  rm -rf "$KAFKA_STATE"
fi
if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "start.sh: kafka already running (pid $(cat "$pidfile"))" >&2
  echo "KAFKA_BROKERS=127.0.0.1:$port"
  exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "start.sh: port $port is taken by another process" >&2
  exit 1
fi
mkdir -p "$KAFKA_STATE/data" "$KAFKA_STATE/logs"

cat > "$KAFKA_STATE/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_STATE/data
# Topics are created by their users (the relay creates one per category), never by a typo.
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Small machine: few threads.
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.retention.hours=168
PROPS

cat > "$KAFKA_STATE/log4j2.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $KAFKA_STATE/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = info
logger.state.name = state.change.logger
logger.state.level = warn
PROPS

java_opts=(-Xmx"$heap" -Xms128m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$KAFKA_STATE/log4j2.properties")

# Format the log dir once (a restart keeps it, with its cluster id).
if [[ ! -f "$KAFKA_STATE/data/meta.properties" ]]; then
  cluster_id="$(java -cp "$libs/*" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
  java -cp "$libs/*" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$KAFKA_STATE/server.properties" --standalone >"$KAFKA_STATE/logs/format.log" 2>&1 \
    || { cat "$KAFKA_STATE/logs/format.log" >&2; exit 1; }
fi

nohup java -cp "$libs/*" "${java_opts[@]}" kafka.Kafka "$KAFKA_STATE/server.properties" \
  >>"$KAFKA_STATE/logs/stdout.log" 2>&1 </dev/null &
echo $! >"$pidfile"
pid=$!

deadline=$((SECONDS + timeout))
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
      && java -cp "$libs/*" "$here/Ready.java" "127.0.0.1:$port" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start.sh: kafka exited while starting; last log lines:" >&2
    tail -n 30 "$KAFKA_STATE/logs/stdout.log" "$KAFKA_STATE/logs/server.log" >&2 2>/dev/null || true
    rm -f "$pidfile"
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "start.sh: kafka not ready after ${timeout}s (log: $KAFKA_STATE/logs/server.log)" >&2
    exit 1
  fi
  sleep 1
done
echo "kafka ready on 127.0.0.1:$port (pid $pid, state $KAFKA_STATE)" >&2
echo "KAFKA_BROKERS=127.0.0.1:$port"
