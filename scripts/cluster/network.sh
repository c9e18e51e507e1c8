# The test cluster's network: a "ctl" namespace with a bridge (the control plane's address is the gateway), one
# namespace per node linked to it by a veth pair. Every link is created inside those namespaces, never on the
# host, so they all disappear with the namespaces.
API_IP=10.200.0.1
FABRIC_PREFIX=10.200.0
SERVICE_CIDR=10.96.0.0/16
DNS_IP=10.96.0.10
POD_CIDR=10.244.0.0/16
node_ip() { echo "$FABRIC_PREFIX.$((10 + $1))"; }
node_pod_cidr() { echo "10.244.$1.0/24"; }

make_network() { # make_network <nodes>
  local nodes="$1" n m
  ip netns add ctl
  ip -n ctl link set lo up
  ip -n ctl link add fab0 type bridge
  ip -n ctl addr add "$API_IP/24" dev fab0
  ip -n ctl link set fab0 up
  nsenter --net=/run/netns/ctl sysctl -qw net.ipv4.ip_forward=1
  for n in $(seq 1 "$nodes"); do
    ip netns add "node$n"
    ip -n ctl link add "vnode$n" type veth peer name eth0 netns "node$n"
    ip -n ctl link set "vnode$n" master fab0 up
    ip -n "node$n" link set lo up
    ip -n "node$n" addr add "$(node_ip "$n")/24" dev eth0
    ip -n "node$n" link set eth0 up
    ip -n "node$n" route add default via "$API_IP"
    # Pods and ClusterIPs are routed and NATed inside each node (kube-proxy's iptables), as on a real node.
    nsenter --net="/run/netns/node$n" sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
    ip -n ctl route add "$(node_pod_cidr "$n")" via "$(node_ip "$n")"
  done
  for n in $(seq 1 "$nodes"); do
    for m in $(seq 1 "$nodes"); do
      [[ $n == "$m" ]] || ip -n "node$n" route add "$(node_pod_cidr "$m")" via "$(node_ip "$m")"
    done
  done
}
