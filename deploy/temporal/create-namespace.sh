#!/bin/sh
# One-shot job on temporalio/admin-tools: waits for the Temporal frontend and creates the
# namespace flowd uses (FLOWD_TEMPORAL_NAMESPACE) when it does not exist yet.
set -eu
ns="${NAMESPACE:-default}"
address="${TEMPORAL_ADDRESS:-temporal:7233}"
tries=0
until temporal operator cluster health --address "$address" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "Temporal did not become healthy"; exit 1; }
  sleep 2
done
if temporal operator namespace describe -n "$ns" --address "$address" >/dev/null 2>&1; then
  echo "namespace $ns exists"
else
  temporal operator namespace create -n "$ns" --retention "${RETENTION:-72h}" --address "$address"
  echo "namespace $ns created"
fi
