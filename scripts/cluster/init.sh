#!/usr/bin/env bash
# PID 1 of a test cluster (started by run.sh inside new PID and mount namespaces, still in the host's network
# namespace). Builds the cluster's network, starts the control plane and the nodes, forwards 127.0.0.1:<port> on
# the host to the API server, writes <dir>/ready, then waits for stdin to close. Its exit ends the cluster.
set -euo pipefail
dir="$1"; nodes="$2"; port="$3"; kube_bin="$4"; coredns="$5"; images="$6"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/network.sh"
log() { echo "init $(date +%T): $*" >&2; }
fail() { log "FAILED: $*"; echo "$*" > "$dir/failed"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND"' ERR
# PID 1 only gets signals it handles; closing stdin is the normal way to stop.
trap 'exit 0' TERM INT
export PATH="$kube_bin:$PATH"

# The paths kubelet, containerd and CNI hard-code get per-node mounts (node.sh). Here they get a tmpfs of mount
# points, so nothing is created on the host; the host's /run, /var/lib and /var/log are hidden only inside.
for d in /run /var/lib /var/log; do mount -t tmpfs -o mode=755 "cluster${d//\//-}" "$d"; done
mkdir -p /run/netns /run/containerd /var/lib/kubelet /var/lib/containerd /var/lib/cni /var/log/pods /var/log/containers

log "pki"
bash "$here/pki.sh" "$dir/pki" "$API_IP" "$nodes"
kubeconfig() { # kubeconfig <file> <server> <token-file>
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters: [{name: test, cluster: {server: "$2", certificate-authority: "$dir/pki/ca.crt"}}]
users: [{name: user, user: {token: "$(cat "$3")"}}]
contexts: [{name: test, context: {cluster: test, user: user}}]
current-context: test
KC
  chmod 600 "$1"
}
mkdir -p "$dir/kubeconfigs"
for c in admin controller-manager scheduler kube-proxy coredns $(seq -f 'node%g' 1 "$nodes"); do
  kubeconfig "$dir/kubeconfigs/$c.conf" "https://$API_IP:6443" "$dir/pki/$c.token"
done
kubeconfig "$dir/kubeconfig" "https://127.0.0.1:$port" "$dir/pki/admin.token"

log "network"
make_network "$nodes"

in_ctl() { nsenter --net=/run/netns/ctl -- "$@"; }
start() { # start <name> <command...>: a control-plane process in the ctl namespace, logging to logs/<name>.log
  local name="$1"; shift
  in_ctl "$@" >>"$dir/logs/$name.log" 2>&1 &
}
wait_for() { # wait_for <what> <seconds> <command...>
  local what="$1" secs="$2"; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || fail "$what not ready after ${secs}s"
    sleep 0.3
  done
}

log "etcd"
start etcd "$kube_bin/etcd" --name=test --data-dir="$dir/etcd" --unsafe-no-fsync \
  --listen-client-urls=http://127.0.0.1:2379 --advertise-client-urls=http://127.0.0.1:2379 \
  --listen-peer-urls=http://127.0.0.1:2380 --initial-advertise-peer-urls=http://127.0.0.1:2380 \
  --initial-cluster=test=http://127.0.0.1:2380 --listen-metrics-urls=
wait_for etcd 30 in_ctl curl -fsS http://127.0.0.1:2379/health

log "kube-apiserver"
pki="$dir/pki"
start kube-apiserver "$kube_bin/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 \
  --bind-address="$API_IP" --advertise-address="$API_IP" --secure-port=6443 --cert-dir="$dir/apiserver-certs" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" --token-auth-file="$pki/tokens.csv" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true --profiling=false
admin=(--kubeconfig "$dir/kubeconfigs/admin.conf")
wait_for kube-apiserver 120 in_ctl kubectl "${admin[@]}" get --raw /readyz

log "controllers"
start kube-controller-manager "$kube_bin/kube-controller-manager" \
  --kubeconfig="$dir/kubeconfigs/controller-manager.conf" --leader-elect=false \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --bind-address=127.0.0.1 --cluster-cidr="$POD_CIDR" --service-cluster-ip-range="$SERVICE_CIDR" \
  --use-service-account-credentials=true
start kube-scheduler "$kube_bin/kube-scheduler" --kubeconfig="$dir/kubeconfigs/scheduler.conf" \
  --leader-elect=false --bind-address=127.0.0.1

if [[ -n "${CDK8S_PG_NETPOL_BIN:-}" ]]; then
  # NetworkPolicy enforcement (node.sh starts kube-router's firewall per node): a ServiceAccount that may only
  # read what kube-router's informers watch, and a kubeconfig with a token for it.
  log "network policy credentials"
  in_ctl kubectl "${admin[@]}" apply --server-side -f - >/dev/null <<YAML
apiVersion: v1
kind: ServiceAccount
metadata: {name: netpol, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cdk8s-pg-netpol}
rules:
- apiGroups: [""]
  resources: [pods, namespaces, nodes, services, endpoints]
  verbs: [get, list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cdk8s-pg-netpol}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cdk8s-pg-netpol}
subjects: [{kind: ServiceAccount, name: netpol, namespace: kube-system}]
YAML
  in_ctl kubectl "${admin[@]}" -n kube-system create token netpol --duration=48h > "$pki/netpol.token"
  kubeconfig "$dir/kubeconfigs/netpol.conf" "https://$API_IP:6443" "$pki/netpol.token"
fi

log "cluster DNS"
# CoreDNS runs as a process of the control plane; a selector-less kube-dns Service points at it, so pods
# resolve <svc>.<ns>.svc through their ClusterIP exactly as with an in-cluster CoreDNS.
cat > "$dir/Corefile" <<CF
.:53 {
    errors
    health 127.0.0.1:8080
    ready 127.0.0.1:8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $dir/kubeconfigs/coredns.conf test
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
    loadbalance
}
CF
start coredns "$coredns" -conf "$dir/Corefile"
in_ctl kubectl "${admin[@]}" apply --server-side -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $DNS_IP
  ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kube-dns-coredns, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}
addressType: IPv4
endpoints: [{addresses: ["$API_IP"], conditions: {ready: true}}]
ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
---
# The default class for claims without one; the test tier adds PersistentVolumes (and classes of other names) per
# example. WaitForFirstConsumer binds a claim only once its pod is scheduled, so anti-affinity and spread decide.
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
YAML
wait_for coredns 30 in_ctl curl -fsS http://127.0.0.1:8181/ready

log "nodes"
for n in $(seq 1 "$nodes"); do
  nsenter --net="/run/netns/node$n" -- unshare --mount --propagation private -- \
    bash "$here/node.sh" "$dir" "$n" "$kube_bin" "$images" >>"$dir/logs/node$n.log" 2>&1 &
done

# The host reaches the API server through 127.0.0.1:<port>; each connection enters the ctl namespace.
socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" \
  "EXEC:nsenter --net=/run/netns/ctl socat STDIO TCP\:$API_IP\:6443" 2>>"$dir/logs/port-forward.log" &
wait_for port-forward 10 curl -fsS --cacert "$pki/ca.crt" -H "Authorization: Bearer $(cat "$pki/admin.token")" \
  "https://127.0.0.1:$port/readyz"
# 600 s: in CI three clusters' nine nodes import the test images at once beside the other tiers; that has taken
# 200 s and once more than 300 s on 2 cores.
for n in $(seq 1 "$nodes"); do
  wait_for "node$n" 600 test -e "$dir/nodes/node$n/started"
done
nodes_ready() {
  [[ "$(in_ctl kubectl "${admin[@]}" get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' \
    | grep -c '^True$')" == "$nodes" ]]
}
wait_for nodes-ready 180 nodes_ready
log "ready"
touch "$dir/ready"
# Until the owner closes our stdin (it ended, however it ended), or a node script fails. (A background job's
# stdin would be /dev/null without the explicit redirection.)
exec 3<&0
cat <&3 >/dev/null &
reader=$!
while kill -0 $reader 2>/dev/null; do
  for n in $(seq 1 "$nodes"); do [[ -e "$dir/nodes/node$n/failed" ]] && fail "node$n: $(cat "$dir/nodes/node$n/failed")"; done
  sleep 2
done
log "stdin closed: stopping the cluster"
