/**
 * The program the credentials Job runs (python3 from the Spilo image, standard library only).
 *
 * For each Secret in $CREDENTIALS_SECRETS (JSON list of {namespace, name, username, labels}) it
 * creates the Secret with a random 64-character alphanumeric password when it does not exist
 * and leaves an existing one untouched. Alphanumerics only: Spilo renders passwords through a
 * mustache template that HTML-escapes & < > " '.
 */
export const CREDENTIALS_SCRIPT = `
import base64, json, os, secrets, ssl, string, sys, urllib.error, urllib.request
SA = os.environ.get("SERVICEACCOUNT_DIR", "/var/run/secrets/kubernetes.io/serviceaccount")
API = os.environ.get("KUBERNETES_API_URL") or "https://%s:%s" % (os.environ["KUBERNETES_SERVICE_HOST"], os.environ["KUBERNETES_SERVICE_PORT"])
TOKEN = open(os.path.join(SA, "token")).read().strip()
CTX = ssl.create_default_context(cafile=os.path.join(SA, "ca.crt"))
ALPHABET = string.ascii_letters + string.digits

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, context=CTX, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code

def b64(text):
    return base64.b64encode(text.encode()).decode()

failed = False
for spec in json.loads(os.environ["CREDENTIALS_SECRETS"]):
    ns, name = spec["namespace"], spec["name"]
    where = "secret %s/%s" % (ns, name)
    status = call("GET", "/api/v1/namespaces/%s/secrets/%s" % (ns, name))
    if status == 200:
        print("%s exists, left unchanged" % where)
        continue
    if status == 403:
        print("ERROR: %s: forbidden to get it; the Role of ServiceAccount %s needs get on secrets (resourceNames) in %s" % (where, os.environ.get("SERVICE_ACCOUNT", "?"), ns), file=sys.stderr)
        failed = True
        continue
    if status != 404:
        print("ERROR: %s: unexpected HTTP %s on get" % (where, status), file=sys.stderr)
        failed = True
        continue
    password = "".join(secrets.choice(ALPHABET) for _ in range(64))
    body = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": {"name": name, "namespace": ns, "labels": spec.get("labels", {})},
            "data": {"username": b64(spec["username"]), "password": b64(password)}}
    status = call("POST", "/api/v1/namespaces/%s/secrets" % ns, body)
    if status == 201:
        print("%s created" % where)
    elif status == 409:
        print("%s was created concurrently, left unchanged" % where)
    elif status == 403:
        print("ERROR: %s: forbidden to create it; the Role of ServiceAccount %s needs create on secrets in %s" % (where, os.environ.get("SERVICE_ACCOUNT", "?"), ns), file=sys.stderr)
        failed = True
    else:
        print("ERROR: %s: unexpected HTTP %s on create" % (where, status), file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
`.trimStart();
