#!/usr/bin/env bash
# Builds (or reuses) everything the running-cluster tier needs, outside the repo, and prints it as
#   KUBE_BIN=<dir> COREDNS=<binary> IMAGES=<dir>
# lines for the caller to source. Cold: kube components + CoreDNS + images, many minutes; warm: instant.
# With CDK8S_PG_NETWORK_POLICIES=1 it also builds kube-router (netpol/build.sh, cold about 3.5 min) and prints
# NETPOL=<binary>; run.sh finds that binary itself, so callers need not pass it on.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/versions.sh"
for tool in containerd runc ctr socat nsenter unshare iptables ipset conntrack /usr/lib/cni/bridge mmdebstrap umoci skopeo openssl; do
  command -v "$tool" >/dev/null && continue
  # Debian packages: containerd/runc/CNI plugins run the nodes; the rest builds images and wires namespaces
  # (ipset: kube-router's policy enforcement, when it is on).
  if [[ $(id -u) = 0 ]] && command -v apt-get >/dev/null; then
    echo "cluster build.sh: installing Debian packages" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq containerd runc \
      containernetworking-plugins socat iptables ipset conntrack mmdebstrap umoci skopeo util-linux iproute2 curl openssl >&2
    break
  fi
  echo "cluster build.sh: $tool is missing (Debian: apt-get install containerd runc containernetworking-plugins socat iptables ipset conntrack mmdebstrap umoci skopeo openssl)" >&2
  exit 1
done
kube_bin="$("$here/../kube/build.sh" "$CLUSTER_KUBE_VERSION" kubelet kube-controller-manager kube-scheduler kube-proxy kubectl)"
coredns="$("$here/coredns/build.sh")"
images="$("$here/images/build.sh")"
echo "KUBE_BIN=$kube_bin"
echo "COREDNS=$coredns"
echo "IMAGES=$images"
if [[ "${CDK8S_PG_NETWORK_POLICIES:-}" == 1 ]]; then echo "NETPOL=$("$here/netpol/build.sh")"; fi
