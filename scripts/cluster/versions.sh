# Versions of the running-cluster tier (sourced by the other scripts in scripts/cluster).
# One Kubernetes release for the whole data plane; the API-server tier's versions.sh lists the API levels.
CLUSTER_KUBE_VERSION="${CLUSTER_KUBE_VERSION:-1.34.10}"
# CoreDNS from the Go module proxy, built with only the plugins a test cluster needs.
COREDNS_VERSION="${COREDNS_VERSION:-v1.12.4}"
CLUSTER_CACHE_ROOT="${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}"
# NetworkPolicy enforcement (opt-in, CDK8S_PG_NETWORK_POLICIES=1): kube-router's firewall (iptables + ipset) only.
KUBE_ROUTER_VERSION="${KUBE_ROUTER_VERSION:-v2.1.0}"
