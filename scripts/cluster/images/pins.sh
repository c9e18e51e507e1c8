# Versions and sources of the test images (sourced by build.sh; part of the cache key).
# Debian: forky carries postgresql-18, trixie postgresql-17; apt resolves both in one root filesystem.
# The mirror here is a frozen snapshot whose Release files have expired, so Valid-Until is not checked.
DEBIAN_MIRROR="http://deb.debian.org/debian"
DEBIAN_SUITE="forky"
DEBIAN_EXTRA_SUITES="trixie"
PG_MAJORS="17 18"
PATRONI_VERSION="4.1.5"
PSYCOPG2_VERSION="2.9.11"
# In the Patroni venv of the spilo image, for the WAL-G stand-in (S3 client, compression methods).
BOTO3_VERSION="1.44.18"
ZSTANDARD_VERSION="0.25.0"
LZ4_VERSION="4.4.5"
# quay.io/prometheuscommunity/postgres-exporter:v0.20.1 is not on the reachable Go proxy (403);
# Debian's package is the closest release available.
EXPORTER_PACKAGE="prometheus-postgres-exporter"
IMAGE_PREFIX="localhost/cdk8s-postgres-test"
