/**
 * The in-place major upgrade of the dynamic configuration Job's program (see dynamic-configuration-script.ts): what
 * the operator's `majorVersionUpgrade` does once the members run with a higher `PGVERSION` than their data directory.
 *
 * - Pre-checks as the operator's: a standby cluster is not upgraded; every member is in Patroni, the primary running,
 *   every replica streaming with at most 16 MiB of lag (the Job waits for this, then fails).
 * - Labels every member `critical-operation=true` (the critical-operation disruption budget then keeps them from
 *   being evicted) and removes the label afterwards, whatever happened.
 * - Runs the operator's command in the primary's `postgres` container through the API server's exec WebSocket
 *   (`kubectl exec`'s protocol, `v4.channel.k8s.io`, from the standard library): `id -u`, then Spilo's
 *   `/scripts/inplace_upgrade.py <members>` as postgres, teeing `last_upgrade.log`; its output goes to the Job's log.
 * - On failure reads the log's last line (Spilo's reason) and fails at once, without retries, as the operator stops
 *   after a failed upgrade until someone looks; on success waits until every member runs the new major.
 * Python, joined into the Job's program after the plan.
 */
export const MAJOR_UPGRADE_FUNCTIONS = String.raw`
# ---- the in-place major upgrade ----

UPGRADE_MAX_LAG = 16 * 1024 * 1024
CRITICAL_OPERATION_LABEL = "critical-operation"
UPGRADE_COMMAND = "set -o pipefail && /usr/bin/python3 /scripts/inplace_upgrade.py %d 2>&1 | tee last_upgrade.log"
MEMBER_CONTAINER = "postgres"


def upgrade_blockers(ms, count):
    """Why the operator would not start an upgrade now (an empty list: go)."""
    out = []
    if len(ms) != count:
        out.append("%s of %s members in Patroni" % (len(ms), count))
    primaries = [m for m in ms if m.get("role") in PRIMARY_ROLES]
    if len(primaries) != 1:
        out.append("%s primaries" % len(primaries))
    for m in ms:
        if m.get("role") in PRIMARY_ROLES:
            if m.get("state") != "running":
                out.append("%s is %s" % (m.get("name"), m.get("state")))
            continue
        if m.get("state") != "streaming":
            out.append("%s is %s, not streaming from the primary" % (m.get("name"), m.get("state")))
        lag = m.get("lag")
        if not isinstance(lag, int) or lag > UPGRADE_MAX_LAG:
            out.append("%s lags %s bytes behind the primary (at most %s)" % (m.get("name"), lag, UPGRADE_MAX_LAG))
    return out


def upgrade_argv(uid, members_count):
    """The operator's command: through su when the container runs as root, as Spilo's image does."""
    command = UPGRADE_COMMAND % members_count
    return ["/bin/su", "postgres", "-c", command] if uid.strip() == "0" else ["/bin/bash", "-c", command]


def exec_status(status):
    """The exit code in the exec stream's status channel; None when the exec itself failed (no such container, ...)."""
    if status.get("status") == "Success":
        return 0
    if status.get("reason") == "NonZeroExitCode":
        for cause in (status.get("details") or {}).get("causes") or []:
            if cause.get("reason") == "ExitCode":
                return int(cause.get("message"))
    return None


def ws_frame(opcode, payload):
    """A client frame: clients must mask what they send (RFC 6455 5.3)."""
    mask = os.urandom(4)
    size = len(payload)
    head = bytes([0x80 | opcode])
    if size < 126:
        head += bytes([0x80 | size])
    elif size < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", size)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", size)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def read_exact(reader, size):
    """size bytes, or None when the stream ends first."""
    data = reader.read(size)
    return data if len(data) == size else None


def quietly(send, frame):
    """Control frames are courtesy: a peer that has gone cannot change an exit status already read."""
    try:
        send(frame)
    except OSError:
        pass


def ws_messages(reader, send):
    """(opcode, payload) of each whole message the server sends, answering pings, until it closes or the stream ends."""
    message, first = b"", None
    while True:
        head = read_exact(reader, 2)
        if head is None:
            return
        fin, opcode, size = head[0] & 0x80, head[0] & 0x0F, head[1] & 0x7F
        if size in (126, 127):
            extended = read_exact(reader, 2 if size == 126 else 8)
            if extended is None:
                return
            size = struct.unpack(">H" if len(extended) == 2 else ">Q", extended)[0]
        mask = read_exact(reader, 4) if head[1] & 0x80 else b""
        payload = read_exact(reader, size)
        if mask is None or payload is None:
            return
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if opcode == 0x8:
            quietly(send, ws_frame(0x8, payload[:2]))
            return
        if opcode == 0x9:
            quietly(send, ws_frame(0xA, payload))
            continue
        if opcode == 0xA:
            continue
        if opcode != 0:
            message, first = b"", opcode
        message += payload
        if fin:
            yield first, message
            message = b""


class ExecLost(Failure):
    """The exec stream failed or ended without an exit status: what ran in the pod is unknown."""


def accept_key(key):
    return base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()


def pod_exec(cluster, pod, argv, echo=False, timeout=600, stdout_only=False):
    """Runs argv in the member's postgres container as kubectl exec does: (exit code, stdout and stderr, or stdout only)."""
    query = urllib.parse.urlencode([("container", MEMBER_CONTAINER), ("stdout", "true"), ("stderr", "true")]
                                   + [("command", a) for a in argv])
    path = "/api/v1/namespaces/%s/pods/%s/exec?%s" % (cluster.ns, pod, query)
    host, port = cluster.api_host, cluster.api_port
    try:
        raw = socket.create_connection((host, port), timeout=30)
        # A quiet pg_upgrade sends nothing for long: keepalives find a peer that has gone.
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for option, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 30), ("TCP_KEEPCNT", 5)):
            if hasattr(socket, option):
                raw.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)
        sock = cluster.ctx.wrap_socket(raw, server_hostname=host)
    except OSError as err:
        raise Failure("exec into %s: cannot reach the API server: %s" % (pod, err))
    try:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%s\r\nAuthorization: Bearer %s\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n" % (path, host, port, cluster.token, key)).encode())
        reader = sock.makefile("rb")
        status_line = reader.readline().decode(errors="replace").strip()
        headers = {}
        while True:
            line = reader.readline().decode(errors="replace").strip()
            if not line:
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        code = int(status_line.split()[1]) if len(status_line.split()) > 1 and status_line.split()[1].isdigit() else 0
        if code != 101:
            body = reader.read(int(headers.get("content-length") or 0) or 0).decode(errors="replace")
            if code == 403:
                raise Refusal("forbidden: exec into %s; the Role %s-dcs allows it only with majorVersionUpgrade.mode manual, into the members by name" % (pod, cluster.name))
            raise Failure("exec into %s: %s %s" % (pod, status_line, body[:300]))
        if headers.get("sec-websocket-accept") != accept_key(key) or headers.get("sec-websocket-protocol") != "v4.channel.k8s.io":
            raise Failure("exec into %s: the API server answered without the v4.channel.k8s.io WebSocket protocol (%s)" % (
                pod, headers.get("sec-websocket-protocol")))
        sock.settimeout(timeout)
        output, status, partial = [], b"", {1: b"", 2: b""}
        wanted = (1,) if stdout_only else (1, 2)
        for opcode, message in ws_messages(reader, sock.sendall):
            if not message:
                continue
            channel, data = message[0], message[1:]
            if channel in (1, 2):
                if channel in wanted:
                    output.append(data)
                if echo:
                    partial[channel] += data
                    *lines, partial[channel] = partial[channel].split(b"\n")
                    for line in lines:
                        log("%s| %s" % (pod, line.decode(errors="replace")))
            elif channel == 3:
                status += data
        if echo:
            for rest in partial.values():
                if rest:
                    log("%s| %s" % (pod, rest.decode(errors="replace")))
        text = b"".join(output).decode(errors="replace")
        if not status:
            raise ExecLost("exec into %s: the stream ended without an exit status" % pod)
        try:
            exit_code = exec_status(json.loads(status.decode(errors="replace")))
        except ValueError:
            raise ExecLost("exec into %s: an exit status that is not JSON: %s" % (pod, status[:200]))
        if exit_code is None:
            raise Failure("exec into %s: %s" % (pod, status.decode(errors="replace")[:300]))
        return exit_code, text
    except (OSError, struct.error) as err:
        raise ExecLost("exec into %s: the stream failed: %s" % (pod, err))
    finally:
        sock.close()


def label_members(cluster, pods, value):
    """Sets (or with None removes) the critical-operation label on each member, as the operator does around an
    upgrade. Every member is tried; the ones that failed are raised as one Failure."""
    failed = []
    for pod in pods:
        status, text = request("%s/api/v1/namespaces/%s/pods/%s" % (cluster.api, cluster.ns, pod), "PATCH",
                               {"metadata": {"labels": {CRITICAL_OPERATION_LABEL: value}}}, context=cluster.ctx,
                               headers={"Authorization": "Bearer " + cluster.token, "Content-Type": "application/merge-patch+json"})
        if status != 200:
            failed.append("%s: HTTP %s %s" % (pod, status, text[:200]))
    if failed:
        raise Failure("labelling %s=%s: %s" % (CRITICAL_OPERATION_LABEL, value, "; ".join(failed)))
    log("%s %s on %s" % ("labelled" if value else "removed", "%s=%s" % (CRITICAL_OPERATION_LABEL, value) if value else CRITICAL_OPERATION_LABEL, ", ".join(pods)))


def stale_critical_operation(pods):
    """Members still labelled critical-operation=true (by an upgrade that was killed, or a bootstrap): call only when
    every member is healthy and on git's major, when no critical operation can be running."""
    return sorted(p["metadata"]["name"] for p in pods if p["metadata"].get("labels", {}).get(CRITICAL_OPERATION_LABEL) == "true")


def pgversion_of(pod):
    for c in pod.get("spec", {}).get("containers", []):
        if c.get("name") == MEMBER_CONTAINER:
            for e in c.get("env") or []:
                if e.get("name") == "PGVERSION":
                    return e.get("value")
    return None


def server_major(ip):
    return int(psql(ip, "SELECT current_setting('server_version_num')::int / 10000")[0][0])


def upgrade_in_place(cluster, ips, leader, major, want):
    """Runs Spilo's upgrade on the primary when the mode allows it and the cluster is ready; returns the new major."""
    if os.environ.get("MAJOR_VERSION_UPGRADE") != "manual":
        raise Refusal("%s runs PostgreSQL %s, git says %s, and majorVersionUpgrade.mode is off: set the version back to %s, "
                      "or the mode to manual for an in-place upgrade" % (cluster.name, major, want, major))
    if leader.get("role") not in PRIMARY_ROLES:
        raise Refusal("%s is a standby cluster on PostgreSQL %s: a standby is not upgraded in place (it replays its source's "
                      "major); upgrade the source, then re-create the standby at version %s" % (cluster.name, major, want))
    until("the cluster ready for the upgrade (the operator's checks)", cluster.timeout,
          lambda: "; ".join(upgrade_blockers(members(ips), len(ips))))
    primary = leader_of(ips)["name"]
    pods = sorted(ips)
    log("upgrading %s from PostgreSQL %s to %s in place: Spilo's upgrade script on the primary %s (%s members)" % (
        cluster.name, major, want, primary, len(pods)))
    # Spilo's script upgrades to its container's PGVERSION: members on the old template (OnDelete without the rollout
    # Job) would make it a no-op.
    behind = sorted(n for n, v in cluster.member_versions().items() if v != str(want))
    if behind:
        raise Refusal("%s still run%s with PGVERSION other than %s (the old pod template): replace them first (delete the pods; "
                      "with updateStrategy OnDelete nobody else does), then delete this Job" % (", ".join(behind), "" if len(behind) > 1 else "s", want))
    started = time.time()
    outcome_known = True
    try:
        label_members(cluster, pods, "true")
        code, uid = pod_exec(cluster, primary, ["/bin/bash", "-c", "/usr/bin/id -u"], stdout_only=True)
        if code != 0 or not re.fullmatch(r"[0-9]+", uid.strip()):
            raise Failure("/usr/bin/id -u in %s: exit code %s, output %r" % (primary, code, uid[:100]))
        outcome_known = False
        try:
            code, _ = pod_exec(cluster, primary, upgrade_argv(uid, len(pods)), echo=True, timeout=cluster.upgrade_timeout)
        except ExecLost as err:
            raise Refusal("%s; the upgrade's outcome is unknown, so the Job stops without retrying and the %s label stays on "
                          "the members. Read last_upgrade.log in %s (kubectl exec %s -c postgres -- tail last_upgrade.log), "
                          "remove the label, then delete this Job" % (err, CRITICAL_OPERATION_LABEL, primary, primary))
        outcome_known = True
        if code != 0:
            try:
                _, last = pod_exec(cluster, primary, ["/bin/bash", "-c", "tail -n 1 last_upgrade.log"], stdout_only=True)
            except Failure:
                last = ""
            raise Refusal("the upgrade of %s from PostgreSQL %s to %s failed on %s (exit code %s): %s. The cluster is as Spilo's "
                          "script left it (its log is above, and last_upgrade.log in the pod); once the cause is fixed, delete "
                          "this Job for Argo CD or Flux to run it again" % (cluster.name, major, want, primary, code, last.strip() or "no log"))
    finally:
        if outcome_known:
            try:
                label_members(cluster, pods, None)
            except Failure as err:
                log("could not remove the %s label: %s" % (CRITICAL_OPERATION_LABEL, err))
    log("Spilo's upgrade script finished on %s in %.1f s" % (primary, time.time() - started))
    until("every member running with one leader", cluster.timeout, lambda: healthy(ips))
    until("every member on PostgreSQL %s" % want, cluster.timeout, lambda: "; ".join(
        "%s runs %s" % (name, m) for name, m in ((n, server_major(ip)) for n, ip in sorted(ips.items())) if m != want))
    log("upgraded %s to PostgreSQL %s in %.1f s" % (cluster.name, want, time.time() - started))
    return want
`;
