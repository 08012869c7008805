"""Rollout tracking, qareports against `kubectl rollout status`, in one run on
one emulator, timed on one clock (this process's):

- done: the moment this process's own watch sees the last Deployment
  available, against when qareports logs its last "rolled out" line and when
  the last of five `kubectl rollout status` processes exits;
- crash: the first BackOff event of a crash-looping upgrade, against when
  qareports names CrashLoopBackOff (kubectl waits for the progress deadline);
- memory: peak RSS of a five-workload upgrade, through bench/out/rss.

Usage: rollout_bench.py QAREPORTS CONFIG KUBECONFIG CACHE RSS
Prints JSON lines, one per measurement."""
import base64
import http.client
import json
import ssl
import subprocess
import sys
import tempfile
import threading
import time

BIN, CONFIG, KUBECONFIG, CACHE, RSS = sys.argv[1:6]
NS = "qareports-staging"
WORKLOADS = ["web", "worker", "fetch-worker", "listener", "scheduler"]
KUBECTL = ["kubectl", "--kubeconfig", KUBECONFIG, "--context", "emulator", "--cache-dir", CACHE]


def cluster():
    view = json.loads(subprocess.check_output(KUBECTL + ["config", "view", "--raw", "-o", "json"]))
    c = view["clusters"][0]["cluster"]
    user = next(u["user"] for u in view["users"] if u["name"] == "emulator-admin")
    host, port = c["server"].split("//")[1].split(":")
    ca = tempfile.NamedTemporaryFile("wb", delete=False, suffix=".pem")
    ca.write(base64.b64decode(c["certificate-authority-data"]))
    ca.close()
    return host, int(port), ssl.create_default_context(cafile=ca.name), user["token"]


HOST, PORT, TLS, TOKEN = cluster()


def watch(path, on_event, stop):
    """Calls on_event(event, seen_at) for each watch event until stop is set."""
    conn = http.client.HTTPSConnection(HOST, PORT, context=TLS, timeout=300)
    conn.request("GET", path, headers={"Authorization": "Bearer " + TOKEN})
    response = conn.getresponse()
    while not stop.is_set():
        line = response.readline()
        if not line:
            break
        on_event(json.loads(line), time.monotonic())
    conn.close()


def rolled_out(d):
    s, spec = d.get("status", {}), d.get("spec", {})
    want = spec.get("replicas", 1)
    return (s.get("observedGeneration", 0) >= d["metadata"].get("generation", 0)
            and s.get("updatedReplicas", 0) == want and s.get("replicas", 0) == want
            and s.get("availableReplicas", 0) == want)


def agent(args, marks):
    """Runs qareports, noting when each stderr line arrives."""
    p = subprocess.Popen([BIN, "staging"] + args + ["--config", CONFIG, "--kubeconfig", KUBECONFIG,
                                                  "--context", "emulator"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr:
        marks.append((time.monotonic(), line.rstrip()))
    return p.wait()


def done_delay(version):
    stop, state, last_available = threading.Event(), {}, [None]
    applied = threading.Event()

    def on_deployment(event, at):
        d = event["object"]
        name = d["metadata"]["name"]
        state[name] = rolled_out(d) and d["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":" + version)
        if all(state.get(w) for w in WORKLOADS) and last_available[0] is None:
            last_available[0] = at
    t = threading.Thread(target=watch, args=("/apis/apps/v1/namespaces/%s/deployments?watch=true" % NS,
                                             on_deployment, stop), daemon=True)
    t.start()
    marks, kubectl_exits = [], []

    def kubectl_rollouts():
        applied.wait(60)
        procs = [subprocess.Popen(KUBECTL + ["-n", NS, "rollout", "status", "deployment/" + w, "--timeout=120s"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for w in WORKLOADS]
        for p in procs:
            p.wait()
            kubectl_exits.append(time.monotonic())
    k = threading.Thread(target=kubectl_rollouts)
    k.start()

    def watch_marks():
        while not stop.is_set():
            if any("applied 15 objects" in line for _, line in list(marks)):
                applied.set()
                return
            time.sleep(0.005)
    threading.Thread(target=watch_marks, daemon=True).start()
    code = agent(["upgrade", version], marks)
    applied.set()
    k.join()
    stop.set()
    rolled = [at for at, line in marks if "rolled out" in line]
    if code != 0 or last_available[0] is None or not rolled:
        raise SystemExit("upgrade to %s did not go as expected (exit %d)" % (version, code))
    return {"measure": "done", "version": version,
            "qareports_ms": round((rolled[-1] - last_available[0]) * 1000, 1),
            "kubectl_ms": round((max(kubectl_exits) - last_available[0]) * 1000, 1)}


def crash_delay(version):
    stop, first_backoff = threading.Event(), [None]

    def on_event(event, at):
        e = event["object"]
        if e.get("reason") == "BackOff" and e["involvedObject"]["name"].startswith("web-") and first_backoff[0] is None:
            first_backoff[0] = at
    threading.Thread(target=watch, args=("/api/v1/namespaces/%s/events?watch=true&resourceVersion=%s" % (NS, resource_version()),
                                         on_event, stop), daemon=True).start()
    marks = []
    code = agent(["upgrade", version], marks)
    stop.set()
    reported = [at for at, line in marks if "CrashLoopBackOff" in line]
    if code != 1 or first_backoff[0] is None or not reported:
        raise SystemExit("the crash-looping upgrade did not go as expected (exit %d)" % code)
    # kubectl on the same crash: set the image as the old script did, then wait as it can.
    image = subprocess.check_output(KUBECTL + ["-n", NS, "get", "deployment/web", "-o",
                                               "jsonpath={.spec.template.spec.containers[0].image}"], text=True)
    crashing = image.rsplit(":", 1)[0] + ":" + version
    subprocess.check_call(KUBECTL + ["-n", NS, "set", "image", "deployment/web", "squad=" + crashing,
                                     "static=" + crashing], stdout=subprocess.DEVNULL)
    started = time.monotonic()
    kubectl = subprocess.run(KUBECTL + ["-n", NS, "rollout", "status", "deployment/web", "--timeout=20s"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    waited = time.monotonic() - started
    subprocess.check_call(KUBECTL + ["-n", NS, "rollout", "undo", "deployment/web"], stdout=subprocess.DEVNULL)
    subprocess.check_call(KUBECTL + ["-n", NS, "rollout", "status", "deployment/web", "--timeout=60s"],
                          stdout=subprocess.DEVNULL)
    return {"measure": "crash", "version": version, "qareports_ms": round((reported[0] - first_backoff[0]) * 1000, 1),
            "kubectl": "no verdict after %.1f s (exit %d at its --timeout); it reports only at the progress "
                       "deadline, 600 s" % (waited, kubectl.returncode)}


def resource_version():
    conn = http.client.HTTPSConnection(HOST, PORT, context=TLS, timeout=30)
    conn.request("GET", "/api/v1/namespaces/%s/events?limit=1" % NS, headers={"Authorization": "Bearer " + TOKEN})
    rv = json.loads(conn.getresponse().read())["metadata"]["resourceVersion"]
    conn.close()
    return rv


def memory(version):
    p = subprocess.run([RSS, BIN, "staging", "upgrade", version, "--config", CONFIG, "--kubeconfig", KUBECONFIG,
                        "--context", "emulator"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last = p.stderr.strip().splitlines()[-1]
    m = json.loads(last)
    return {"measure": "memory", "version": version, "peak_rss_mib": round(m["maxrss_kib"] / 1024, 1),
            "wall_ms": m["ms"], "exit": m.get("exit")}


if __name__ == "__main__":
    for v in ["1.90", "1.89", "1.90"]:
        print(json.dumps(done_delay(v)), flush=True)
    print(json.dumps(crash_delay("1.91")), flush=True)
    print(json.dumps(memory("1.89")), flush=True)
