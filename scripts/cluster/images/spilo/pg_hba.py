"""Spilo's default pg_hba (spilo.md 2.6), as a pure function of the environment."""


def pam_enabled(env):
    """PAM_OAUTH2 counts only as '<https URL> <arg> ...', as in Spilo."""
    parts = (env.get("PAM_OAUTH2") or "").split()
    return len(parts) >= 2 and parts[0].startswith("https://")


def default_pg_hba(env):
    standby = env.get("PGUSER_STANDBY") or "standby"
    human = env.get("HUMAN_ROLE") or "zalandos"
    pam = pam_enabled(env)

    def password_line(kind, address):
        # The PAM line for human users must precede the md5 line it shadows.
        lines = ["hostssl all +%s %s pam" % (human, address)] if pam else []
        return lines + ["%s all all %s md5" % (kind, address)]

    hba = ["local all all trust"]
    hba += password_line("host", "127.0.0.1/32")
    hba += password_line("host", "::1/128")
    hba += ["local replication %s trust" % standby, "hostssl replication %s all md5" % standby]
    if env.get("ALLOW_NOSSL"):
        hba += password_line("host", "all")
    else:
        hba += ["hostnossl all all all reject"] + password_line("hostssl", "all")
    return hba
