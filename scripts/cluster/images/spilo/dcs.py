"""The Kubernetes DCS section (spilo.md 1.2, 4.1), pure functions of the environment."""
import json
import sys

DEFAULT_LABELS = {"application": "spilo"}
# Turned into typed keys below, so not passed through as strings.
TYPED = {"LABELS", "BOOTSTRAP_LABELS", "BYPASS_API_SERVICE", "USE_CONFIGMAPS", "SCOPE_LABEL",
         "ROLE_LABEL", "LEADER_LABEL_VALUE", "STANDBY_LEADER_LABEL_VALUE"}
# kubelet's service-link variables: Spilo turns them into junk keys Patroni ignores; we skip them.
SERVICE_LINK_PREFIXES = ("SERVICE_", "PORT")


def kubernetes_enabled(env):
    return bool(env.get("KUBERNETES_SERVICE_HOST")) and bool(env.get("DCS_ENABLE_KUBERNETES_API"))


def json_object(env, name, default):
    raw = env.get(name)
    if not raw:
        return dict(default)
    try:
        value = json.loads(raw)
        if isinstance(value, dict):
            return value
    except ValueError:
        pass
    print("WARNING: %s is not a JSON object, using %s" % (name, default), file=sys.stderr)
    return dict(default)


def passthrough(env):
    """KUBERNETES_<PARAM> -> <param>, Spilo's generic rule, for keys without special handling."""
    out = {}
    for name, value in env.items():
        if not name.startswith("KUBERNETES_"):
            continue
        key = name[len("KUBERNETES_"):]
        if key in TYPED or key.startswith(SERVICE_LINK_PREFIXES):
            continue
        out[key.lower()] = value
    return out


def kubernetes_section(env, pod_ip):
    section = passthrough(env)
    section.update({
        "labels": json_object(env, "KUBERNETES_LABELS", DEFAULT_LABELS),
        "scope_label": env.get("KUBERNETES_SCOPE_LABEL") or "version",
        "role_label": env.get("KUBERNETES_ROLE_LABEL") or "spilo-role",
        "leader_label_value": env.get("KUBERNETES_LEADER_LABEL_VALUE") or "master",
        "standby_leader_label_value": env.get("KUBERNETES_STANDBY_LEADER_LABEL_VALUE") or "master",
        "bootstrap_labels": json_object(env, "KUBERNETES_BOOTSTRAP_LABELS", {}),
    })
    if not env.get("KUBERNETES_USE_CONFIGMAPS"):
        # Endpoints mode: the leader Endpoints carries the pod IP and a fixed port, as in Spilo.
        section.update({"use_endpoints": True, "pod_ip": pod_ip,
                        "ports": [{"name": "postgresql", "port": 5432}]})
    if (env.get("KUBERNETES_BYPASS_API_SERVICE") or "true").lower() == "true":
        section["bypass_api_service"] = True
    return section


def namespace(env):
    """Top-level Patroni namespace: the pod's, unless it is 'default'."""
    ns = env.get("NAMESPACE") or env.get("POD_NAMESPACE") or "default"
    return None if ns == "default" else ns
