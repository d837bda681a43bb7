#!/usr/bin/env bash
# Container health check of the tickertape image (installed as /opt/tickertape/bin/healthcheck). No curl in the
# image: one HTTP/1.0 GET over bash's /dev/tcp, bounded by a timeout.
#
#   healthcheck --port PORT --path PATH   healthy when http://127.0.0.1:PORT/PATH answers 200 (the ECS task
#                                         definitions use this: run -> /ready on 8080, ingest -> /metrics on 9404)
#   healthcheck                           (the image's HEALTHCHECK) finds the tickertape JVM in the container and
#                                         checks what that command serves: run -> /ready on --ops-port
#                                         (TICKERTAPE_OPS_PORT, 8080); ingest with --metrics-port -> /metrics;
#                                         any other command (digest, replay, migrate...) -> healthy while it runs
# Exit codes: 0 healthy, 1 unhealthy, 2 usage. HEALTHCHECK_TIMEOUT (seconds, default 4) bounds one check.
set -uo pipefail

PORT=""
URL_PATH=""
TIMEOUT="${HEALTHCHECK_TIMEOUT:-4}"

while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || exit 2; PORT="$2"; shift ;;
    --path) [ $# -ge 2 ] || exit 2; URL_PATH="$2"; shift ;;
    *) echo "healthcheck: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
case "$TIMEOUT" in ''|*[!0-9]*) TIMEOUT=4 ;; esac

# Prints the HTTP status of GET http://127.0.0.1:$1$2, or nothing.
http_status() {
  timeout "$TIMEOUT" bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
    IFS=" " read -r -t "$3" _ status _ <&3 || exit 1
    echo "$status"' healthcheck "$1" "$2" "$TIMEOUT" 2>/dev/null
}

check() {
  local status
  status="$(http_status "$1" "$2")"
  if [ "$status" = "200" ]; then
    return 0
  fi
  echo "healthcheck: GET :$1$2 -> ${status:-no answer}" >&2
  return 1
}

if [ -n "$PORT" ] || [ -n "$URL_PATH" ]; then
  case "$PORT" in ''|*[!0-9]*) echo "healthcheck: --port needs a number" >&2; exit 2 ;; esac
  check "$PORT" "${URL_PATH:-/ready}"
  exit $?
fi

# Automatic mode: the JVM started by bin/tickertape (PID 1, or a child of an init process).
args=()
for cmdline in /proc/[0-9]*/cmdline; do
  mapfile -d '' -t argv < "$cmdline" 2>/dev/null || continue
  for i in "${!argv[@]}"; do
    if [ "${argv[$i]}" = "io.tickertape.cli.Main" ]; then
      args=("${argv[@]:$((i + 1))}")
      break 2
    fi
  done
done
[ ${#args[@]} -gt 0 ] || { echo "healthcheck: no tickertape process" >&2; exit 1; }

# The value of a long option in the command line (--name VALUE or --name=VALUE), else $2.
option() {
  local name="$1" fallback="$2" i
  for i in "${!args[@]}"; do
    case "${args[$i]}" in
      "$name") echo "${args[$((i + 1))]:-$fallback}"; return ;;
      "$name"=*) echo "${args[$i]#"$name"=}"; return ;;
    esac
  done
  echo "$fallback"
}

case "${args[0]}" in
  run)
    port="$(option --ops-port "${TICKERTAPE_OPS_PORT:-8080}")"
    [ "$port" = "-1" ] && exit 0
    check "$port" /ready ;;
  ingest)
    port="$(option --metrics-port "${TICKERTAPE_METRICS_PORT:-0}")"
    [ "$port" = "0" ] && exit 0
    check "$port" /metrics ;;
  *)
    exit 0 ;;
esac
