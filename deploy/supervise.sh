#!/usr/bin/env bash
# Run a command, and start it again whenever it stops, until this script is told to stop.
#
#   deploy/supervise.sh COMMAND [ARGUMENT...]
#
# `make run-prod` runs the task worker under it, as systemd's Restart=always does in production
# (deploy/vig-worker.service): a worker that stops for any reason is started again
# SUPERVISE_RESTART_SECONDS (default 5) later. SIGTERM or SIGINT is passed on to the command,
# which is waited for (the worker finishes what it is sending), and then this script exits.
set -u

delay="${SUPERVISE_RESTART_SECONDS:-5}"
child=""
stopping=""

stop() {
    stopping=yes
    if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; fi
}
trap stop INT TERM

finish() {  # wait for $child to end, through any signal that interrupts the wait
    status=0
    wait "$child" || status=$?
    while kill -0 "$child" 2>/dev/null; do
        status=0
        wait "$child" || status=$?
    done
    child=""
}

while [ -z "$stopping" ]; do
    "$@" &
    child=$!
    if [ -n "$stopping" ]; then kill -TERM "$child" 2>/dev/null || true; fi
    finish
    [ -n "$stopping" ] && break
    echo "supervise: $* stopped (exit status $status); starting it again in $delay s" >&2
    sleep "$delay" &
    child=$!
    finish
done
exit 0
