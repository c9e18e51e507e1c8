/**
 * The rollout Job's program (python3 from the Spilo image, as the credentials Job): what the operator does when a
 * pod template changes, against the Kubernetes API as the Job's own ServiceAccount and Patroni's REST API. Members
 * not on the StatefulSet's update revision are replaced one at a time through the Eviction API (so the disruption
 * budgets apply), replicas first, highest ordinal first, each after every member is ready again; the leader last,
 * after one switchover to a replica already on the new revision. Idempotent: a rerun finds nothing stale and exits.
 */
import { PATRONI_AUTH_PYTHON } from '../spilo/patroni-api';

/** Its file name in the shared scripts ConfigMap. */
export const ROLLOUT_SCRIPT_FILE = 'rollout.py';

export const ROLLOUT_SCRIPT = `
import base64, json, os, re, ssl, sys, time, urllib.error, urllib.parse, urllib.request
SA = "/var/run/secrets/kubernetes.io/serviceaccount"
API = "https://%s:%s" % (os.environ["KUBERNETES_SERVICE_HOST"], os.environ["KUBERNETES_SERVICE_PORT"])
NS = open(os.path.join(SA, "namespace")).read().strip()
TOKEN = open(os.path.join(SA, "token")).read().strip()
CTX = ssl.create_default_context(cafile=os.path.join(SA, "ca.crt"))
CLUSTER, SELECTOR, ROLE_LABEL = os.environ["CLUSTER"], os.environ["SELECTOR"], os.environ["ROLE_LABEL"]

def log(msg):
    print("%s %s" % (time.strftime("%H:%M:%S"), msg), flush=True)

def request(url, method="GET", body=None, headers=None, context=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}, **{"Content-Type": "application/json"}))
    for attempt in range(60):
        try:
            with urllib.request.urlopen(req, context=context, timeout=30) as resp:
                return resp.status, resp.read().decode(errors="replace")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace")
        except (urllib.error.URLError, OSError):
            # A new pod may be cut off until the network plugin admits it under the NetworkPolicies (about a
            # second). A repeated eviction or switchover is answered and handled like any other refusal.
            if attempt == 59:
                raise
            time.sleep(1)

${PATRONI_AUTH_PYTHON.trim()}

def kube(path, method="GET", body=None):
    status, text = request(API + path, method, body, {"Authorization": "Bearer " + TOKEN}, CTX)
    if status == 403:
        sys.exit("forbidden: %s %s; the Role %s-rollout needs it" % (method, path, CLUSTER))
    return status, (json.loads(text) if text.startswith("{") else text)

def ordinal(pod):
    return int(re.search(r"-(\\d+)$", pod["metadata"]["name"]).group(1))

def ready(pod):
    return not pod["metadata"].get("deletionTimestamp") and any(
        c["type"] == "Ready" and c["status"] == "True" for c in pod.get("status", {}).get("conditions", []))

def state():
    status, sts = kube("/apis/apps/v1/namespaces/%s/statefulsets/%s" % (NS, CLUSTER))
    if status != 200:
        sys.exit("statefulset %s/%s: HTTP %s" % (NS, CLUSTER, status))
    _, pods = kube("/api/v1/namespaces/%s/pods?labelSelector=%s" % (NS, urllib.parse.quote(SELECTOR)))
    members = [p for p in pods.get("items", []) if re.fullmatch(re.escape(CLUSTER) + r"-\\d+", p["metadata"]["name"])]
    return sts, sorted(members, key=ordinal)

def settled():
    """The StatefulSet and its members once it has seen the change and every member is ready."""
    while True:
        sts, members = state()
        st = sts.get("status", {})
        if (st.get("observedGeneration", 0) >= sts["metadata"]["generation"] and st.get("updateRevision")
                and len(members) == sts["spec"]["replicas"] and all(ready(p) for p in members)):
            return st["updateRevision"], members
        time.sleep(3)

def evict(pod):
    name = pod["metadata"]["name"]
    body = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": name, "namespace": NS}}
    while True:
        status, answer = kube("/api/v1/namespaces/%s/pods/%s/eviction" % (NS, name), "POST", body)
        if status in (200, 201, 404):
            log("evicted %s" % name)
            return
        # 429: a disruption budget has no room now (another member is down); try again.
        log("eviction of %s: HTTP %s, retrying" % (name, status))
        time.sleep(5)

def switchover(leader, candidates):
    url = "http://%s:8008/switchover" % leader["status"]["podIP"]
    name = leader["metadata"]["name"]
    while True:
        for body in [{"leader": name, "candidate": c} for c in candidates] + [{"leader": name}]:
            status, text = request(url, "POST", body, patroni_auth())
            log("switchover %s: HTTP %s %s" % (json.dumps(body), status, text.strip()[:200]))
            if status == 200:
                return
        time.sleep(5)

while True:
    revision, members = settled()
    stale = [p for p in members if p["metadata"]["labels"].get("controller-revision-hash") != revision]
    if not stale:
        log("every member of %s runs revision %s" % (CLUSTER, revision))
        break
    leaders = [p for p in members if p["metadata"]["labels"].get(ROLE_LABEL) == "master"]
    replicas = [p for p in stale if p not in leaders]
    if replicas:
        evict(max(replicas, key=ordinal))
    elif len(members) == 1:
        evict(members[0])  # nobody to hand over to
    elif leaders:
        updated = [p["metadata"]["name"] for p in members if p not in leaders]
        switchover(leaders[0], sorted(updated, key=lambda n: -int(n.rsplit("-", 1)[1])))
        # Patroni relabels the pods; wait until the old leader is a replica before it is evicted.
        while any(p["metadata"]["name"] == leaders[0]["metadata"]["name"] and p["metadata"]["labels"].get(ROLE_LABEL) == "master"
                  for p in state()[1]):
            time.sleep(2)
        evict(leaders[0])
    else:
        log("no leader among the members yet; waiting")
    # The evicted member is gone once the StatefulSet is no longer settled on it.
    time.sleep(5)
`.trim() + '\n';
