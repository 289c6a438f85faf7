#!/usr/bin/env bash
# A standalone Spark cluster on this machine for `--backend spark`: one Master and one Worker, started
# from the Spark jars eagerae-spark brings (no Spark distribution needed), bound to one address, with
# logs at INFO in files. See docs/SPARK.md ("A standalone cluster on one machine").
#
#   scripts/spark-standalone.sh start | stop | status
#
# Settings (environment, with their defaults):
#   EAGERAE_SPARK_HOST=127.0.0.1      the address the Master, the Worker, their web UIs and executors bind to
#   EAGERAE_SPARK_PORT=7077           the Master's port: --spark-master spark://HOST:PORT
#   EAGERAE_SPARK_UI_PORT=8080        the Master's web UI (the Worker's is the next port)
#   EAGERAE_SPARK_WORKER_CORES=2      the Worker's cores: with --threads 1, one executor (one member at a time) per core
#   EAGERAE_SPARK_WORKER_MEMORY=2g    the Worker's memory for executors (spark.executor.memory, 1g by default, each)
#   EAGERAE_SPARK_DIR=.spark-standalone   logs (master.log, worker.log), the Worker's work folder (executors' logs), process ids
#   EAGERAE_SPARK_CLASSPATH           the Spark jars (default: eagerae-spark/target/lib/*, built by ./eagerae if missing)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST="${EAGERAE_SPARK_HOST:-127.0.0.1}"
PORT="${EAGERAE_SPARK_PORT:-7077}"
UI_PORT="${EAGERAE_SPARK_UI_PORT:-8080}"
CORES="${EAGERAE_SPARK_WORKER_CORES:-2}"
MEMORY="${EAGERAE_SPARK_WORKER_MEMORY:-2g}"
DIR="${EAGERAE_SPARK_DIR:-$HERE/.spark-standalone}"
MASTER="spark://$HOST:$PORT"

alive() { [ -f "$DIR/$1.pid" ] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null; }

# waits up to 60 s for a test to pass, or ends the script with the last lines of a log
await() { # what, log, test...
  local what="$1" log="$2"
  shift 2
  for _ in $(seq 600); do
    if "$@"; then return 0; fi
    if ! alive "${what}"; then break; fi
    sleep 0.1
  done
  echo "spark-standalone: the $what did not start; the end of $log:" >&2
  tail -5 "$log" >&2
  stop >/dev/null 2>&1 || true
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }
worker_registered() { grep -q "Registering worker" "$DIR/master.log"; }

daemon() { # name, Java options..., main class, arguments...
  local name="$1"
  shift
  nohup java -Xmx512m @"$HERE/eagerae-spark/src/jvm/spark-driver.options" \
    -Dlogback.configurationFile="$HERE/eagerae-spark/src/jvm/cluster-logback.xml" -cp "$CLASSPATH" "$@" >"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
}

start() {
  if alive master || alive worker; then
    echo "spark-standalone: already running ($MASTER); stop it first: scripts/spark-standalone.sh stop" >&2
    exit 1
  fi
  CLASSPATH="${EAGERAE_SPARK_CLASSPATH:-}"
  if [ -z "$CLASSPATH" ]; then
    [ -f "$HERE/eagerae-spark/target/eagerae-spark.jar" ] || "$HERE/eagerae" --version >/dev/null # builds, with the jars
    CLASSPATH="$HERE/eagerae-spark/target/lib/*"
  fi
  # A Worker starts executors with $SPARK_HOME/jars on their class path; eagerae's executors bring their own jars
  # (spark.executor.extraClassPath), so an empty jars/ folder does, unless SPARK_HOME is a Spark distribution.
  if [ -z "${SPARK_HOME:-}" ] || [ ! -d "$SPARK_HOME/jars" ]; then
    export SPARK_HOME="$HERE/eagerae-spark/target/spark-home"
    mkdir -p "$SPARK_HOME/jars"
  fi
  export SPARK_LOCAL_IP="$HOST" SPARK_SCALA_VERSION=2.13
  mkdir -p "$DIR/work"
  # no REST submission server: eagerae starts its own driver, and its fixed port 6066 would clash with a second cluster
  daemon master -Dspark.master.rest.enabled=false org.apache.spark.deploy.master.Master --host "$HOST" --port "$PORT" --webui-port "$UI_PORT"
  await master "$DIR/master.log" port_open
  daemon worker org.apache.spark.deploy.worker.Worker --host "$HOST" --cores "$CORES" --memory "$MEMORY" \
    --webui-port "$((UI_PORT + 1))" --work-dir "$DIR/work" "$MASTER"
  await worker "$DIR/worker.log" worker_registered
  echo "spark-standalone: master $MASTER (web UI http://$HOST:$UI_PORT), one worker with $CORES cores and $MEMORY; logs in $DIR"
}

stop() {
  local stopped=0
  for name in worker master; do
    if alive "$name"; then
      local pid
      pid="$(cat "$DIR/$name.pid")"
      kill "$pid" # a Worker ends its executors as it stops
      for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      stopped=1
    fi
    rm -f "$DIR/$name.pid"
  done
  [ "$stopped" = 1 ] && echo "spark-standalone: stopped" || echo "spark-standalone: not running"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if alive master; then echo "spark-standalone: running ($MASTER)"; else echo "spark-standalone: not running"; exit 1; fi ;;
  *) echo "usage: scripts/spark-standalone.sh start|stop|status" >&2; exit 2 ;;
esac
