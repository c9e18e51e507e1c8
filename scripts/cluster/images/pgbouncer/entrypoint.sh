#!/bin/sh
# Entrypoint of the test pgbouncer image: renders pgbouncer.ini from the env the operator's pooler
# Deployment sets (PGHOST/PGPORT/PGUSER/PGPASSWORD/PGSCHEMA, CONNECTION_POOLER_*), then execs pgbouncer.
# Client TLS is required; without CONNECTION_POOLER_CLIENT_TLS_* a self-signed pair is made.
set -eu
dir=/etc/pgbouncer
userlist="$dir/userlist.txt"
: "${PGHOST:?}" "${PGUSER:?}" "${PGSCHEMA:=pooler}" "${PGPORT:=5432}"

if [ ! -e "$userlist" ]; then
  # No mounted userlist: the auth_user's own line is enough for auth_query to log in.
  umask 077
  printf '"%s" "%s"\n' "$PGUSER" "${PGPASSWORD:?PGPASSWORD or a mounted $userlist is needed}" > "$userlist"
fi

crt="${CONNECTION_POOLER_CLIENT_TLS_CRT:-}"
key="${CONNECTION_POOLER_CLIENT_TLS_KEY:-}"
if [ -z "$crt" ] || [ -z "$key" ]; then
  crt="$dir/pgbouncer.crt" key="$dir/pgbouncer.key"
  [ -s "$key" ] || openssl req -nodes -new -x509 -days 3650 -subj /CN=pgbouncer.example.org \
    -keyout "$key" -out "$crt" 2>/dev/null
fi
ca_line=""
[ -n "${CONNECTION_POOLER_CLIENT_CA_FILE:-}" ] && ca_line="client_tls_ca_file = $CONNECTION_POOLER_CLIENT_CA_FILE"

cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=$PGHOST port=$PGPORT auth_user=$PGUSER

[pgbouncer]
listen_addr = *
listen_port = ${CONNECTION_POOLER_PORT:-5432}
unix_socket_dir =
pool_mode = ${CONNECTION_POOLER_MODE:-transaction}
auth_type = md5
auth_file = $userlist
auth_user = $PGUSER
auth_query = SELECT * FROM $PGSCHEMA.user_lookup(\$1)
default_pool_size = ${CONNECTION_POOLER_DEFAULT_SIZE:-15}
min_pool_size = ${CONNECTION_POOLER_MIN_SIZE:-7}
reserve_pool_size = ${CONNECTION_POOLER_RESERVE_SIZE:-7}
max_client_conn = ${CONNECTION_POOLER_MAX_CLIENT_CONN:-10000}
max_db_connections = ${CONNECTION_POOLER_MAX_DB_CONN:-30}
client_tls_sslmode = require
client_tls_cert_file = $crt
client_tls_key_file = $key
$ca_line
server_tls_sslmode = require
server_login_retry = 5
idle_transaction_timeout = 600
ignore_startup_parameters = extra_float_digits,options
log_connections = 0
log_disconnections = 0
INI
exec pgbouncer "$dir/pgbouncer.ini"
