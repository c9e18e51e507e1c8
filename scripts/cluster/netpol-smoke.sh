#!/usr/bin/env bash
# Checks NetworkPolicy enforcement on a running cluster (the local one started with CDK8S_PG_NETWORK_POLICIES=1,
# or any cluster whose network plugin enforces policies).
#   scripts/cluster/netpol-smoke.sh <kubeconfig>        (the local cluster's is <run dir>/kubeconfig)
# In a namespace of its own: a server pod (python3's http.server on 8080, spilo test image) on the first node,
# clients "a" and "b" on the same node and on another node. Ingress: with no policy every client connects; a
# policy admitting only role=a refuses both b clients (connection timeout) and still admits both a clients;
# deleting it lets b in again. Egress: a default-deny egress policy on the b clients stops their DNS look-ups
# while the a clients still resolve. Prints one line per check and the times until a policy change took effect.
# Exit status 0 only if every check passed. The namespace is deleted at the end (CDK8S_PG_KEEP_NAMESPACES=1 keeps it).
set -euo pipefail
export KUBECONFIG="${1:-${KUBECONFIG:?usage: netpol-smoke.sh <kubeconfig>}}"
k() { "${KUBECTL:-kubectl}" "$@"; }
ns="netpol-smoke-$(date +%s)"
failures=0
ok() { echo "PASS $*"; }
bad() { echo "FAIL $*"; failures=$((failures + 1)); }
cleanup() {
  [[ "${CDK8S_PG_KEEP_NAMESPACES:-}" == 1 ]] || k delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

mapfile -t nodes < <(k get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
((${#nodes[@]} >= 2)) || { echo "netpol-smoke: needs at least 2 nodes" >&2; exit 2; }
n1="${nodes[0]}"; n2="${nodes[1]}"
# The spilo test image (python3, coreutils) under the name the node imported it as.
image="${NETPOL_SMOKE_IMAGE:-$(k get node "$n1" -o jsonpath='{range .status.images[*]}{range .names[*]}{@}{"\n"}{end}{end}' \
  | grep -m1 'cdk8s-postgres-test/spilo:' || true)}"
[[ -n "$image" ]] || { echo "netpol-smoke: no spilo test image on $n1 (set NETPOL_SMOKE_IMAGE)" >&2; exit 2; }

k create namespace "$ns" >/dev/null
pod() { # pod <name> <node> <role> <command...>
  local name="$1" node="$2" role="$3"; shift 3
  local args="" a
  for a in "$@"; do args+="\"$a\", "; done
  cat <<YAML
---
apiVersion: v1
kind: Pod
metadata: {name: $name, namespace: $ns, labels: {role: $role}}
spec:
  nodeSelector: {kubernetes.io/hostname: $node}
  terminationGracePeriodSeconds: 0
  enableServiceLinks: false
  containers:
  - name: main
    image: $image
    imagePullPolicy: IfNotPresent
    command: [${args%, }]
YAML
  # kubelet's probes come from the node itself: a policy must not stop them (see the check below).
  [[ $role != server ]] || printf '    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1, failureThreshold: 2}\n'
}
{
  pod server "$n1" server python3 -m http.server 8080
  pod a-same "$n1" a sleep infinity
  pod b-same "$n1" b sleep infinity
  pod a-other "$n2" a sleep infinity
  pod b-other "$n2" b sleep infinity
} | k apply -f - >/dev/null
k -n "$ns" wait --for=condition=Ready pod --all --timeout=120s >/dev/null
server_ip="$(k -n "$ns" get pod server -o jsonpath='{.status.podIP}')"
for _ in $(seq 1 50); do  # http.server may still be binding its port
  k -n "$ns" exec a-same -- python3 -c "import socket; socket.create_connection(('$server_ip', 8080), timeout=1)" \
    >/dev/null 2>&1 && break
  sleep 0.2
done

connects() { # connects <client>: a TCP connection to the server within 2 s
  k -n "$ns" exec "$1" -- python3 -c "import socket; socket.create_connection(('$server_ip', 8080), timeout=2)" >/dev/null 2>&1
}
resolves() { # resolves <client>: the cluster DNS answers a look-up within 4 s
  k -n "$ns" exec "$1" -- timeout 4 python3 -c "import socket; socket.getaddrinfo('kubernetes.default.svc.cluster.local', 443)" >/dev/null 2>&1
}
expect() { # expect <yes|no> <check> <client> <what>
  if "$2" "$3"; then r=yes; else r=no; fi
  if [[ $r == "$1" ]]; then ok "$4"; else bad "$4 (got $r)"; fi
}
# A probe loop inside a client pod (same clock as this script): prints "started" after its first probe, then the
# epoch time of the first of 3 probes in a row that give <yes|no>, or "never" after 60 s. Probes: a TCP connect to
# the server or a DNS query (UDP, to the pod's nameserver), each with a 0.3 s timeout, every 50 ms.
watcher='
import socket, sys, time
want, kind, ip = sys.argv[1] == "yes", sys.argv[2], sys.argv[3]
ns = [l.split()[1] for l in open("/etc/resolv.conf") if l.startswith("nameserver")][0]
query = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + b"".join(
    bytes([len(p)]) + p.encode() for p in "kubernetes.default.svc.cluster.local".split(".")) + b"\x00\x00\x01\x00\x01"
def probe():
    try:
        if kind == "connect":
            socket.create_connection((ip, 8080), timeout=0.3).close()
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.3)
            s.sendto(query, (ns, 53)); s.recv(512); s.close()
        return True
    except OSError:
        return False
first, streak, end = None, 0, time.time() + 60
probe(); print("started", flush=True)
while time.time() < end:
    t = time.time()
    if probe() == want:
        first = first or t; streak += 1
        if streak == 3: print(first, flush=True); sys.exit(0)
    else:
        first, streak = None, 0
    time.sleep(0.05)
print("never", flush=True)
'
change() { # change <yes|no> <connect|dns> <client> <what> <kubectl args...>: runs kubectl, prints seconds until
  # the client's probes give <yes|no> (from just before kubectl started), or "never"
  local want="$1" kind="$2" client="$3" what="$4" out t0 r; shift 4
  out="$(mktemp)"
  k -n "$ns" exec "$client" -- python3 -c "$watcher" "$want" "$kind" "$server_ip" >"$out" 2>&1 &
  local w=$!
  for _ in $(seq 1 100); do grep -q started "$out" && break; sleep 0.1; done
  t0=$(date +%s.%N)
  k "$@" >/dev/null
  wait $w || true
  r="$(tail -1 "$out")"; rm -f "$out"
  if [[ $r =~ ^[0-9.]+$ ]]; then
    echo "TIME $what after $(awk "BEGIN{printf \"%.2f\", $r - $t0}") s"
  else
    bad "$what: never ($r)"
  fi
}

echo "netpol-smoke: namespace $ns, server $server_ip on $n1, other node $n2, image $image"
for c in a-same b-same a-other b-other; do expect yes connects "$c" "no policy: $c connects"; done

policy="$(mktemp)"
cat > "$policy" <<YAML
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-a, namespace: $ns}
spec:
  podSelector: {matchLabels: {role: server}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {role: a}}}], ports: [{port: 8080, protocol: TCP}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress-b, namespace: $ns}
spec:
  podSelector: {matchLabels: {role: b}}
  policyTypes: [Egress]
YAML
change no connect b-other "ingress policy enforced (b-other refused)" apply -f <(sed '/^---$/,$d' "$policy")
expect yes connects a-same "policy only-a: a-same (same node) connects"
expect yes connects a-other "policy only-a: a-other (other node) connects"
expect no connects b-same "policy only-a: b-same (same node) refused"
expect no connects b-other "policy only-a: b-other (other node) refused"
sleep 2
ready="$(k -n "$ns" get pod server -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')"
if [[ $ready == True ]]; then ok "policy only-a: kubelet's readiness probe still reaches the server"; else bad "server not Ready under the policy"; fi

change yes connect b-other "policy removal effective (b-other connects)" -n "$ns" delete networkpolicy only-a
expect yes connects b-same "no policy again: b-same connects"

expect yes resolves b-same "no egress policy: b-same resolves DNS"
change no dns b-other "egress policy enforced (b-other's DNS queries unanswered)" apply -f <(sed '1,/^---$/d' "$policy")
rm -f "$policy"
expect no resolves b-same "deny-egress-b: b-same cannot resolve DNS"
expect no resolves b-other "deny-egress-b: b-other cannot resolve DNS"
expect yes resolves a-same "deny-egress-b: a-same still resolves DNS"
expect no connects b-same "deny-egress-b: b-same cannot reach the server"
expect yes connects a-other "deny-egress-b: a-other still reaches the server"

if ((failures == 0)); then echo "netpol-smoke: all checks passed"; else echo "netpol-smoke: $failures check(s) failed"; fi
exit $((failures > 0))
