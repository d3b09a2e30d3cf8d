#!/bin/sh
# Runs one flowd process: "api" or "worker" (first argument, else FLOWD_ROLE), or "health"
# to probe the process of this container's role.
set -eu
role="${1:-${FLOWD_ROLE:-api}}"
case "$role" in
  api)
    exec java ${JAVA_OPTS:-} -cp '/app/api/*' io.flowd.api.app.ApiServer ;;
  worker)
    exec java ${JAVA_OPTS:-} -cp '/app/worker/*' io.flowd.worker.WorkerMain ;;
  health)
    if [ "${FLOWD_ROLE:-api}" = worker ]; then
      exec curl -fsS -o /dev/null "http://127.0.0.1:${FLOWD_WORKER_METRICS_PORT:-9464}/health"
    fi
    exec curl -fsS -o /dev/null "http://127.0.0.1:${FLOWD_HTTP_PORT:-8080}/ready" ;;
  *)
    echo "usage: flowd api|worker|health (or set FLOWD_ROLE)" >&2
    exit 64 ;;
esac
