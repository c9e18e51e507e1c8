/** Its key in the shared scripts ConfigMap, which the credentials Job mounts and runs. */
export const CREDENTIALS_SCRIPT_FILE = 'credentials.py';

/**
 * The program the credentials Job runs (python3 from the Spilo image, standard library only).
 *
 * For each Secret in $CREDENTIALS_SECRETS (JSON list of {namespace, name, username, labels, copies, rotation})
 * it creates the Secret with a random 64-character alphanumeric password when it does not exist
 * and leaves an existing one untouched, unless `rotation` is set and differs from the Secret's
 * annotation ROTATION_ANNOTATION: then every copy gets one new password and the label (annotation and
 * data key `rotation`, which the sync Job and the pooler read to wait for the new password). `copies` lists namespaces that must hold the same
 * credentials (a cross-namespace user's Secret is also kept in the cluster's namespace, where
 * the sync Job can read it); a missing copy gets the data of an existing one. A null namespace
 * means the Job's own ($POD_NAMESPACE). Alphanumerics only: Spilo renders passwords through a
 * mustache template that HTML-escapes & < > " '.
 */
export const CREDENTIALS_SCRIPT = `
import base64, json, os, secrets, ssl, string, sys, time, urllib.error, urllib.request
SA = os.environ.get("SERVICEACCOUNT_DIR", "/var/run/secrets/kubernetes.io/serviceaccount")
API = os.environ.get("KUBERNETES_API_URL") or "https://%s:%s" % (os.environ["KUBERNETES_SERVICE_HOST"], os.environ["KUBERNETES_SERVICE_PORT"])
TOKEN = open(os.path.join(SA, "token")).read().strip()
CTX = ssl.create_default_context(cafile=os.path.join(SA, "ca.crt"))
ALPHABET = string.ascii_letters + string.digits
CONNECT_TRIES = 60

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    req.add_header("Content-Type", "application/merge-patch+json" if method == "PATCH" else "application/json")
    for attempt in range(CONNECT_TRIES):
        try:
            with urllib.request.urlopen(req, context=CTX, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as err:
            return err.code, None
        except (urllib.error.URLError, OSError):
            # A new pod may be cut off until the network plugin admits it under the NetworkPolicies (about a
            # second); a retried create that did land answers 409, which the callers handle.
            if attempt == CONNECT_TRIES - 1:
                raise
            time.sleep(1)

def b64(text):
    return base64.b64encode(text.encode()).decode()

def rbac_hint(verb, ns):
    return "the Role of ServiceAccount %s needs %s on secrets in namespace %s" % (os.environ.get("SERVICE_ACCOUNT", "?"), verb, ns)

class Failure(Exception):
    pass

ROTATION = "cdk8s-postgres/password-rotation"

def read(ns, name):
    status, body = call("GET", "/api/v1/namespaces/%s/secrets/%s" % (ns, name))
    if status == 200:
        data = body.get("data") or {}
        data[ROTATION] = (body.get("metadata", {}).get("annotations") or {}).get(ROTATION)
        return data
    if status == 404:
        return None
    if status == 403:
        raise Failure("secret %s/%s: forbidden to get it; %s" % (ns, name, rbac_hint("get (resourceNames)", ns)))
    raise Failure("secret %s/%s: unexpected HTTP %s on get" % (ns, name, status))

def create(ns, name, labels, data, rotation):
    metadata = {"name": name, "namespace": ns, "labels": labels}
    if rotation is not None:
        metadata["annotations"] = {ROTATION: rotation}
    body = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": metadata, "data": data}
    status, _ = call("POST", "/api/v1/namespaces/%s/secrets" % ns, body)
    if status == 201:
        print("secret %s/%s created" % (ns, name))
    elif status == 409:
        print("secret %s/%s was created concurrently, left unchanged" % (ns, name))
    elif status == 403:
        raise Failure("secret %s/%s: forbidden to create it; %s" % (ns, name, rbac_hint("create", ns)))
    else:
        raise Failure("secret %s/%s: unexpected HTTP %s on create" % (ns, name, status))

def new_password():
    return "".join(secrets.choice(ALPHABET) for _ in range(64))

def rotate(ns, name, data, rotation):
    body = {"metadata": {"annotations": {ROTATION: rotation}}, "data": {"password": data["password"], "rotation": data["rotation"]}}
    status, _ = call("PATCH", "/api/v1/namespaces/%s/secrets/%s" % (ns, name), body)
    if status == 200:
        print("secret %s/%s: password rotated (%s)" % (ns, name, rotation))
    elif status == 403:
        raise Failure("secret %s/%s: forbidden to patch it; %s" % (ns, name, rbac_hint("patch (resourceNames)", ns)))
    else:
        raise Failure("secret %s/%s: unexpected HTTP %s on patch" % (ns, name, status))

own = os.environ.get("POD_NAMESPACE", "default")
failed = False
for spec in json.loads(os.environ["CREDENTIALS_SECRETS"]):
    try:
        places = [spec.get("namespace") or own] + [c or own for c in spec.get("copies", [])]
        rotation = spec.get("rotation")
        found = {ns: read(ns, spec["name"]) for ns in places}
        existing = next(({k: v for k, v in d.items() if k != ROTATION} for d in found.values() if d), None)
        stale = [ns for ns, d in found.items() if d is not None and rotation is not None and d.get(ROTATION) != rotation]
        if existing is None or stale:
            # One new password for every copy: a cross-namespace user's Secrets stay equal.
            existing = {"username": b64(spec["username"]), "password": b64(new_password())}
            if rotation is not None:
                # Also a data key: the sync Job and the pooler read it through env and wait until it is theirs.
                existing["rotation"] = b64(rotation)
        for ns, data in found.items():
            if data is None:
                create(ns, spec["name"], spec.get("labels", {}), existing, rotation)
            elif stale:
                rotate(ns, spec["name"], existing, rotation)
            else:
                print("secret %s/%s exists, left unchanged" % (ns, spec["name"]))
    except Failure as err:
        print("ERROR: %s" % err, file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
`.trimStart();
