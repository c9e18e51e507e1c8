"""TLS material (spilo.md 1.8): a pure plan from the environment, and the step that applies it."""
import os
import shlex
import subprocess

CERT_DIR = "/run/certs"
# Spilo's schedule for its SSL reload test: every 5 minutes.
RELOAD_SCHEDULE = "*/5 * * * *"
RELOAD_SCRIPT = "/scripts/reload_ssl.py"
RELOAD_STATE = CERT_DIR + "/reload_ssl.sha256"


def plan(env):
    """Paths Postgres/Patroni use, and PEM contents to write first (path -> (text, is_secret))."""
    writes = {}
    cert = env.get("SSL_CERTIFICATE_FILE") or CERT_DIR + "/server.crt"
    key = env.get("SSL_PRIVATE_KEY_FILE") or CERT_DIR + "/server.key"
    if env.get("SSL_CERTIFICATE") and env.get("SSL_PRIVATE_KEY"):
        writes[cert] = (env["SSL_CERTIFICATE"], False)
        writes[key] = (env["SSL_PRIVATE_KEY"], True)
    ca = env.get("SSL_CA_FILE") or (CERT_DIR + "/ca.crt" if env.get("SSL_CA") else "")
    if env.get("SSL_CA"):
        writes[ca] = (env["SSL_CA"], False)
    crl = env.get("SSL_CRL_FILE") or (CERT_DIR + "/server.crl" if env.get("SSL_CRL") else "")
    if env.get("SSL_CRL"):
        writes[crl] = (env["SSL_CRL"], False)
    restapi = {}
    for name, default in (("CERTIFICATE", "rest-api-server.crt"), ("PRIVATE_KEY", "rest-api-server.key"),
                          ("CA", "rest-api-ca.crt")):
        path = env.get("SSL_RESTAPI_%s_FILE" % name)
        if env.get("SSL_RESTAPI_" + name):
            path = path or CERT_DIR + "/" + default
            writes[path] = (env["SSL_RESTAPI_" + name], name == "PRIVATE_KEY")
        if path:
            restapi[{"CERTIFICATE": "certfile", "PRIVATE_KEY": "keyfile", "CA": "cafile"}[name]] = path
    return {"cert": cert, "key": key, "ca": ca, "crl": crl, "restapi": restapi, "writes": writes}


def parameters(tls):
    params = {"ssl": "on", "ssl_cert_file": tls["cert"], "ssl_key_file": tls["key"]}
    if tls["ca"]:
        params["ssl_ca_file"] = tls["ca"]
    if tls["crl"]:
        params["ssl_crl_file"] = tls["crl"]
    return params


def reload_enabled(env):
    """Spilo's rule: SSL_TEST_RELOAD when it is in the env (non-empty = on), else on iff SSL_PRIVATE_KEY_FILE is."""
    if "SSL_TEST_RELOAD" in env:
        return env["SSL_TEST_RELOAD"] != ""
    return "SSL_PRIVATE_KEY_FILE" in env


def reload_files(tls):
    """The four files the reload test watches (those configured): certificate, key, CA, CRL."""
    return [tls[k] for k in ("cert", "key", "ca", "crl") if tls[k]]


def reload_command(tls, bin_dir, pgdata):
    """The reload test's command line: cron runs it as postgres."""
    args = [RELOAD_SCRIPT, "--state", RELOAD_STATE, "--pg-ctl", os.path.join(bin_dir, "pg_ctl"),
            "--pgdata", pgdata] + reload_files(tls)
    return " ".join(shlex.quote(a) for a in args)


def reload_crontab(env, tls, bin_dir, pgdata):
    """[line] with Spilo's schedule when the reload test is on, else []."""
    return ["%s %s" % (RELOAD_SCHEDULE, reload_command(tls, bin_dir, pgdata))] if reload_enabled(env) else []


def apply(tls, uid, gid):
    """Write given PEMs; without a key, make a self-signed pair like Spilo (CN=spilo.example.org)."""
    os.makedirs(CERT_DIR, exist_ok=True)
    for path, (text, secret) in tls["writes"].items():
        with open(path, "w") as f:
            f.write(text if text.endswith("\n") else text + "\n")
        if secret:
            os.chmod(path, 0o600)
            chown(path, uid, gid)
    if not os.path.exists(tls["key"]):
        subprocess.run(["openssl", "req", "-nodes", "-new", "-x509", "-days", "3650", "-subj",
                        "/CN=spilo.example.org", "-keyout", tls["key"], "-out", tls["cert"]],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.chmod(tls["key"], 0o600)
        chown(tls["key"], uid, gid)


def chown(path, uid, gid):
    if os.geteuid() == 0:
        os.chown(path, uid, gid)
