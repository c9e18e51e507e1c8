"""Database credentials Patroni manages (spilo.md 1.3), and hiding them in logs."""

REDACTED = "<redacted>"


def authentication(env):
    return {
        "superuser": {"username": env.get("PGUSER_SUPERUSER") or "postgres",
                      "password": env.get("PGPASSWORD_SUPERUSER") or "zalando"},
        "replication": {"username": env.get("PGUSER_STANDBY") or "standby",
                        "password": env.get("PGPASSWORD_STANDBY") or "standby"},
    }


def redact(value):
    """A copy with every 'password' value (and PEM private key) replaced, for printing."""
    if isinstance(value, dict):
        return {k: REDACTED if k == "password" and v is not None else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, str) and "PRIVATE KEY-----" in value:
        return REDACTED
    return value
