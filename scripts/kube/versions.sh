# Kubernetes versions the API-server tier runs against (sourced by the other scripts).
# The oldest supported API level (DESIGN.md: 1.28 and newer) and a recent release.
# Full x.y.z: the Go proxy's version list is incomplete, so "latest patch" cannot be resolved reliably.
KUBE_VERSIONS_DEFAULT="1.28.15 1.34.12"
KUBE_CACHE_ROOT="${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}/kube"
