#!/usr/bin/env bash
# Key material for one test cluster: a CA, the API server's serving certificate, the client certificate the
# API server presents to kubelets, the service-account key pair, and one bearer token per component.
#   pki.sh <dir> <api-ip> <node-count>
# Tokens rather than client certificates for the components: the token file carries the group memberships
# (system:nodes for the Node authorizer), and nothing has to be rotated in a cluster that lives minutes.
set -euo pipefail
dir="$1"; api_ip="$2"; nodes="$3"
mkdir -p "$dir"; cd "$dir"
ssl() { openssl "$@" 2>/dev/null; }
# Key usage and key identifiers as kubeadm writes them: Python 3.13+ verifies strictly and refuses a CA without.
ssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=cdk8s-postgres-cluster-ca -keyout ca.key -out ca.crt \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"
cert() { # cert <name> <subject> <extensions>
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid:always" "$3" > "$1.ext"
  ssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr"
  ssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile "$1.ext" -out "$1.crt"
  rm -f "$1.csr" "$1.ext"
}
# 127.0.0.1: the host reaches the API server through a port forward; 10.96.0.1: the kubernetes Service.
cert apiserver /CN=kube-apiserver "extendedKeyUsage=serverAuth
subjectAltName=IP:$api_ip,IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
cert apiserver-kubelet-client /CN=kube-apiserver-kubelet-client "extendedKeyUsage=clientAuth"
ssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key
ssl pkey -in sa.key -pubout -out sa.pub

token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
{
  # token,user,uid,"groups"
  echo "$(token | tee admin.token),cdk8s-postgres-admin,admin,\"system:masters\""
  echo "$(token | tee controller-manager.token),system:kube-controller-manager,kcm,\"\""
  echo "$(token | tee scheduler.token),system:kube-scheduler,ksched,\"\""
  echo "$(token | tee kube-proxy.token),system:kube-proxy,kproxy,\"\""
  # CoreDNS only reads Services, EndpointSlices, Namespaces; system:masters keeps the test setup to one file.
  echo "$(token | tee coredns.token),cdk8s-postgres-coredns,coredns,\"system:masters\""
  for n in $(seq 1 "$nodes"); do
    echo "$(token | tee "node$n.token"),system:node:node$n,node$n,\"system:nodes\""
  done
} > tokens.csv
chmod 600 ./*.key ./*.token tokens.csv
