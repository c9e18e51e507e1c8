# Kubernetes versions the API-server tier runs against (sourced by the other scripts).
# The oldest supported API level (DESIGN.md: 1.28 and newer) and a recent release.
# Full x.y.z: the Go proxy's version list is incomplete, so "latest patch" cannot be resolved reliably, and the
# checksum database mirror reachable here lags (1.34.11 and 1.34.12 were missing in Nov 2026), so 1.34.10.
KUBE_VERSIONS_DEFAULT="1.28.15 1.34.10"
KUBE_CACHE_ROOT="${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}/kube"
