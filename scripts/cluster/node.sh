#!/usr/bin/env bash
# One node of a test cluster: containerd, kubelet and kube-proxy in the node's own network namespace and
# mount namespace (started by init.sh), with its own cgroup root.
#   node.sh <dir> <n> <kube-bin-dir> <images-dir>
set -euo pipefail
dir="$1"; n="$2"; kube_bin="$3"; images="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/network.sh"
. "$here/cgroups.sh"
nd="$dir/nodes/node$n"
log() { echo "node$n $(date +%T): $*" >&2; }
trap 'log "FAILED line $LINENO: $BASH_COMMAND"; echo "line $LINENO: $BASH_COMMAND" > "$nd/failed"' ERR
export PATH="$kube_bin:$PATH"
mkdir -p "$nd"/{kubelet,containerd,cni,pods,containers,cni-conf,pv}
# This node's view of the paths its daemons hard-code (mount points made by init.sh on a tmpfs).
mount --bind "$nd/kubelet" /var/lib/kubelet
mount --bind "$nd/containerd" /var/lib/containerd
mount --bind "$nd/cni" /var/lib/cni
mount --bind "$nd/pods" /var/log/pods
mount --bind "$nd/containers" /var/log/containers
mount -t tmpfs "node$n-containerd" /run/containerd

cat > "$nd/containerd.toml" <<TOML
version = 2
root = "/var/lib/containerd"
state = "/run/containerd"
[grpc]
  address = "/run/containerd/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.6"
  # root here lacks CAP_SYS_RESOURCE: runc cannot lower oom_score_adj below the parent's
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$nd/cni-conf"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
[plugins."io.containerd.internal.v1.opt"]
  path = "/var/lib/containerd/opt"
TOML
cat > "$nd/cni-conf/10-bridge.conflist" <<JSON
{"cniVersion": "0.4.0", "name": "cdk8s-pg", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$(node_pod_cidr "$n")"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}
]}
JSON

log "containerd"
containerd --config "$nd/containerd.toml" >>"$dir/logs/node$n-containerd.log" 2>&1 &
for _ in $(seq 1 100); do [[ -S /run/containerd/containerd.sock ]] && break; sleep 0.1; done
ctr() { command ctr --address /run/containerd/containerd.sock -n k8s.io "$@"; }
log "images"
sandbox=registry.k8s.io/pause:3.6
while read -r archive name patterns; do
  [[ -n "$archive" && "$archive" != \#* ]] || continue
  ctr images import "$images/$archive" >/dev/null
  # containerd needs its sandbox image under its configured name before the first pod.
  for p in ${patterns//,/ }; do
    # shellcheck disable=SC2053 # a glob pattern on purpose
    if [[ $sandbox == $p ]]; then ctr images tag --force "$name" "$sandbox" >/dev/null; fi
  done
done < "$images/images.txt"
log "images imported: $(ctr images ls -q | tr '\n' ' ')"

cgroup_root="/$CGROUP_PARENT/$(basename "$dir")/node$n"
make_cgroup_root "$cgroup_root"
echo "nameserver $API_IP" > "$nd/resolv.conf"
cat > "$nd/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# This machine has cgroup v1 only; kubelet 1.34 then needs this (a warning event, nothing else).
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $cgroup_root
address: $(node_ip "$n")
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $dir/pki/ca.crt}
authorization: {mode: AlwaysAllow}
clusterDomain: cluster.local
clusterDNS: [$DNS_IP]
resolvConf: $nd/resolv.conf
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
# Imported images cannot be pulled back once garbage-collected.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
failSwapOn: false
serializeImagePulls: false
nodeStatusUpdateFrequency: 5s
YAML
cat > "$nd/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $dir/kubeconfigs/kube-proxy.conf}
mode: iptables
clusterCIDR: $POD_CIDR
hostnameOverride: node$n
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
# conntrack sysctls are the host's, not this namespace's: leave them alone.
conntrack: {maxPerCore: 0, min: 0}
YAML
zones=(a b c d e f g h)
log "kubelet"
kubelet --config="$nd/kubelet.yaml" --kubeconfig="$dir/kubeconfigs/node$n.conf" --hostname-override="node$n" \
  --node-ip="$(node_ip "$n")" --node-labels="topology.kubernetes.io/zone=zone-${zones[$(( (n - 1) % 8 ))]}" \
  >>"$dir/logs/node$n-kubelet.log" 2>&1 &
log "kube-proxy"
kube-proxy --config="$nd/kube-proxy.yaml" >>"$dir/logs/node$n-kube-proxy.log" 2>&1 &
for _ in $(seq 1 600); do curl -fsS http://127.0.0.1:10248/healthz >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS http://127.0.0.1:10248/healthz >/dev/null || { echo "kubelet not healthy (logs/node$n-kubelet.log)" > "$nd/failed"; exit 1; }
if [[ -n "${CDK8S_PG_NETPOL_BIN:-}" ]]; then
  # NetworkPolicy enforcement: kube-router's firewall alone (no routing, no service proxy, no CNI), in this node's
  # network namespace, so its iptables chains and ipsets live and die with it. It reads its Node object at start.
  netpol=(--kubeconfig "$dir/kubeconfigs/netpol.conf")
  for _ in $(seq 1 300); do kubectl "${netpol[@]}" get node "node$n" >/dev/null 2>&1 && break; sleep 0.2; done
  log "kube-router (network policies)"
  netpol_start=$(date +%s%N)
  "$CDK8S_PG_NETPOL_BIN" "${netpol[@]}" --hostname-override="node$n" --run-firewall=true --run-router=false \
    --run-service-proxy=false --enable-cni=false --enable-pod-egress=false --service-cluster-ip-range="$SERVICE_CIDR" \
    --metrics-port=0 --health-port=20244 >>"$dir/logs/node$n-netpol.log" 2>&1 &
  # Ready once its top-level chains hang in the filter table's FORWARD chain and the first sync ran.
  netpol_synced() { iptables -w -S KUBE-ROUTER-FORWARD 2>/dev/null | grep -q -- '--mark 0x20000/0x20000 -j ACCEPT'; }
  for _ in $(seq 1 300); do netpol_synced && break; sleep 0.2; done
  netpol_synced || { echo "kube-router did not sync (logs/node$n-netpol.log)" > "$nd/failed"; exit 1; }
  log "kube-router ready after $(( ($(date +%s%N) - netpol_start) / 1000000 )) ms"
fi
touch "$nd/started"
log "started"
# A daemon that exits ends the node; init.sh then fails the cluster rather than letting tests time out.
wait -n
echo "a daemon exited: see logs/node$n-*.log" > "$nd/failed"
