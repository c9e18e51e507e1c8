#!/usr/bin/env bash
# Runs one test cluster in the foreground until stdin closes (or SIGTERM/SIGINT), then removes every trace.
#   run.sh <dir> <nodes> <host-port> <kube-bin-dir> <coredns-binary> <images-dir>
# Everything runs inside a new PID and mount namespace (init.sh is its PID 1): when init.sh ends for any reason,
# the kernel kills every process of the cluster (containerd shims and PostgreSQL included), and the mounts and
# network namespaces it made go with it. The host only sees the port forward on 127.0.0.1:<host-port> while it
# runs, and kubelet's cgroup directories, which this script (or the next run) removes.
# CDK8S_PG_NETWORK_POLICIES=1 adds NetworkPolicy enforcement (kube-router's firewall on every node, see README);
# the binary comes from netpol/build.sh (instant once scripts/cluster/build.sh has built it) or CDK8S_PG_NETPOL_BIN.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$1"
. "$here/cgroups.sh"
mkdir -p "$dir/logs"
echo $$ > "$dir/owner.pid"
remove_stale_cgroups
if [[ "${CDK8S_PG_NETWORK_POLICIES:-}" == 1 ]]; then
  CDK8S_PG_NETPOL_BIN="${CDK8S_PG_NETPOL_BIN:-$("$here/netpol/build.sh")}" \
    || { echo "netpol/build.sh failed" > "$dir/failed"; exit 1; }
  export CDK8S_PG_NETPOL_BIN
else
  unset CDK8S_PG_NETPOL_BIN
fi
# --kill-child: if unshare is killed, its child (PID 1 of the cluster) is killed with it. stdin is passed on
# explicitly (a background job's stdin would otherwise be /dev/null).
exec 3<&0
unshare --pid --fork --kill-child --mount --propagation private --mount-proc \
  bash "$here/init.sh" "$@" <&3 2>>"$dir/logs/init.log" &
exec 3<&-
child=$!
trap 'kill -TERM $child 2>/dev/null' TERM INT
wait $child; rc=$?
while kill -0 $child 2>/dev/null; do wait $child; rc=$?; done
remove_cgroups "$(basename "$dir")"
exit $rc
