#!/usr/bin/python3
"""The reliability campaigns (docs/RELIABILITY.md): qareports deploys staging
on the emulator (with its seeded faults) and Debian's OCI registry on
loopback, again and again, and after each job the end state is checked,
object by object, against what the job's exit code promises.

  bench/reliability.py --qareports BIN --emulator BIN [--faults N] [--sigterms N]
                       [--sigkills N] [--concurrent N] [--seed S] [--out FILE]

Campaigns:
  faults      apply / upgrade / crash-looping upgrade / rollback, each under a
              fault spec drawn from: 5xx, 429, resets, hangs, early-ended watches,
              at several rates
  sigterms    an upgrade (with, for half of them, hanging requests), SIGTERM or
              SIGINT at a uniformly random moment
  sigkills    an upgrade killed (SIGKILL) at a random moment, then a job with no
              faults that must recover without a human
  (--sigterms and --sigkills count signals that reach a running job; one that
  comes after its job ended is recorded, judged by the job's own exit code,
  and not counted; at most 4 tries per signal counted)
  concurrent  two jobs at once: one deploys, the other exits 75 or deploys after

Every job runs with --timeout. Prints one JSON line per job and the figures
at the end; exits 1 when any contradiction, leaked lock or pending record
was found (the goals are 0).
"""
import argparse
import base64
import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS = "qareports-staging"
GOOD = ["1.89", "1.90", "1.94", "1.95"]  # versions that roll out
CRASH = "1.91"                            # crash-loops after its migration
VERSIONS = GOOD + [CRASH]
RULES = """images:
  - match: "*squad:*"
    pods: jobs
    behaviour: ready
    after: 1s
    log: ["Running migrations:", "  Applying squad.0150_demo... OK"]
  - match: "*squad:1.91"
    behaviour: crashloop
    log: ["Traceback (most recent call last):", "ImportError: no module named foo"]
  - match: "*"
    behaviour: ready
    after: 1s
"""
SECRETS = {
    "QAREPORTS_STAGING_DATABASE_PASSWORD": "db-pass-campaign",
    "QAREPORTS_STAGING_SECRET_KEY": "django-key-campaign",
    "QAREPORTS_STAGING_LDAP_BIND_PASSWORD": "ldap-pass-campaign",
    "QAREPORTS_STAGING_API_TOKEN": "health-token-campaign",
}
TIMEOUT = 90  # each job's --timeout, seconds


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Cluster:
    """The emulator, and reads of what it holds."""

    def __init__(self, binary, work, time_scale):
        self.kubeconfig = os.path.join(work, "kubeconfig")
        rules = os.path.join(work, "rules.yml")
        with open(rules, "w") as f:
            f.write(RULES)
        self.proc = subprocess.Popen([binary, "--kubeconfig", self.kubeconfig, "--rules", rules,
                                      "--time-scale", str(time_scale)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"ready api=(\S+) squad=(\S+)", line)
        if not m:
            raise SystemExit("the emulator did not start: %r" % line)
        self.api, self.squad = m.group(1), m.group(2)
        text = open(self.kubeconfig).read()
        self.token = re.search(r"name: emulator-admin\n  user:\n    token: (\S+)", text).group(1)
        ca = base64.b64decode(re.search(r"certificate-authority-data: (\S+)", text).group(1))
        self.tls = ssl.create_default_context(cadata=ca.decode())

    def call(self, method, path, body=None, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.api + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.token, "Content-Type": content_type})
        try:
            with urllib.request.urlopen(req, context=self.tls, timeout=30) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw[:1] == b"{" else raw.decode()
        except urllib.error.HTTPError as e:
            return e.code, None

    def faults(self, spec):
        if spec:
            self.call("PUT", "/emulator/faults", spec, "text/plain")
        else:
            self.call("DELETE", "/emulator/faults")

    def state(self):
        """What a check compares: each Deployment's image tag and whether it is
        rolled out, the release records, the lock's holder."""
        _, deps = self.call("GET", "/apis/apps/v1/namespaces/%s/deployments" % NS)
        _, secrets = self.call("GET", "/api/v1/namespaces/%s/secrets" % NS)
        _, lease = self.call("GET", "/apis/coordination.k8s.io/v1/namespaces/%s/leases/qareports-deploy" % NS)
        workloads = {}
        for d in (deps or {}).get("items", []):
            images = [c["image"] for c in d["spec"]["template"]["spec"]["containers"]]
            squad = [i.rsplit(":", 1)[1] for i in images if "squadproject/squad" in i]
            st = d.get("status", {})
            want = d["spec"].get("replicas", 1)
            done = (st.get("observedGeneration", 0) >= d["metadata"].get("generation", 0) and
                    st.get("updatedReplicas", 0) == want and st.get("availableReplicas", 0) == want and
                    st.get("replicas", 0) == want)
            workloads[d["metadata"]["name"]] = {"version": squad[0] if squad else None, "rolled_out": done}
        records = {}
        for s in (secrets or {}).get("items", []):
            if s.get("type") != "qareports.linaro.org/release.v1":
                continue
            labels = s["metadata"]["labels"]
            meta = json.loads(base64.b64decode(s["data"]["release"]))
            records[int(labels["qareports.linaro.org/release"])] = {
                "state": labels["qareports.linaro.org/release-status"], "version": meta.get("version")}
        holder = (lease or {}).get("spec", {}).get("holderIdentity", "") if isinstance(lease, dict) else ""
        return {"workloads": workloads, "records": records, "lock": holder}

    def settle(self, seconds=20):
        """Waits until no rollout is in progress (a killed job's may be)."""
        end = time.time() + seconds
        while time.time() < end:
            s = self.state()
            if all(w["rolled_out"] for w in s["workloads"].values()):
                return s
            time.sleep(0.2)
        return self.state()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Site:
    """The deployment repository, its config pointed at the registry and the emulator."""

    def __init__(self, work, registry, cluster):
        self.dir = os.path.join(work, "site")
        shutil.copytree(os.path.join(ROOT, "k8s"), os.path.join(self.dir, "k8s"))
        shutil.copytree(os.path.join(ROOT, "pipelines"), os.path.join(self.dir, "pipelines"))
        self.config = os.path.join(self.dir, "pipelines", "environments.yml")
        text = open(self.config).read()
        squad = cluster.squad + "/" + NS
        for old, new in [("image: docker.io/squadproject/squad", "image: %s/squadproject/squad" % registry),
                         ("url: https://staging-qa-reports.linaro.org/ht/", "url: %s/ht/" % squad),
                         ("kind: squad-version\n        url: https://staging-qa-reports.linaro.org",
                          "kind: squad-version\n        url: " + squad)]:
            assert old in text, old
            text = text.replace(old, new, 1)
        open(self.config, "w").write(text)
        self.home = os.path.join(work, "home")
        os.makedirs(self.home, exist_ok=True)


class Campaign:
    def __init__(self, args, cluster, site):
        self.args, self.cluster, self.site = args, cluster, site
        self.random = random.Random(args.seed)
        self.results = []
        self.jobs = []  # every job's CI_JOB_URL, in order
        self.durations = []  # seconds of the upgrades that ran their course: when to signal
        self.out = open(args.out, "w") if args.out else None

    def argv(self, command):
        return [self.args.qareports, "staging"] + command + [
            "--config", self.site.config, "--kubeconfig", self.cluster.kubeconfig, "--context", "emulator",
            "--timeout", "%ds" % TIMEOUT]

    def env(self):
        e = dict(SECRETS)
        e["HOME"] = self.site.home
        e["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
        return e

    def start(self, command):
        """Starts a job; its CI job URL (the lock's holder) is in self.jobs[-1]."""
        self.jobs.append("https://ci.example/job/%d" % len(self.jobs))
        env = self.env()
        env["CI_JOB_URL"] = self.jobs[-1]
        log = tempfile.TemporaryFile()
        p = subprocess.Popen(self.argv(command), stdout=subprocess.DEVNULL, stderr=log, env=env, cwd=self.site.dir)
        return p, log

    @staticmethod
    def finish(p, log, limit=TIMEOUT + 60):
        try:
            code = p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            code = p.wait()
        log.seek(0)
        return code, log.read().decode(errors="replace")

    def judge(self, kind, before, after, code, extra, own):
        """The contradictions between the exit code's promise and the end state.
        `own`: the CI job URLs of the jobs judged (a lock they hold is leaked)."""
        problems = []
        if kind == "sigkill" and not extra.get("ended_before_signal"):
            return problems  # the killed job promises nothing; the recovery that follows is judged
        records, workloads = after["records"], after["workloads"]
        deployed = [n for n, r in records.items() if r["state"] == "deployed"]
        pending = [n for n, r in records.items() if r["state"] == "pending"]
        if after["lock"] in own:
            problems.append("lock left held by " + after["lock"])
        if pending and code != 3:  # after exit 3 the next job settles it
            problems.append("records left pending: %s" % pending)
        if code in (0, 1):
            if len(deployed) != 1:
                problems.append("%d records say deployed: %s" % (len(deployed), sorted(deployed)))
            current = records[max(deployed)]["version"] if deployed else None
            for name, w in workloads.items():
                if w["version"] is not None and w["version"] != current:
                    problems.append("%s runs %s, the deployed record says %s" % (name, w["version"], current))
                if not w["rolled_out"]:
                    problems.append("%s is not rolled out" % name)
            if code == 0 and extra.get("version") and current != extra["version"]:
                problems.append("exit 0 but %s is deployed, not %s" % (current, extra["version"]))
        elif code in (65, 69, 75) or code < 0:  # < 0: killed by the signal before main() could catch it
            if {n: r["state"] for n, r in before["records"].items()} != {n: r["state"] for n, r in records.items()}:
                problems.append("exit %d promises no change, but the records changed" % code)
            if {n: w["version"] for n, w in before["workloads"].items()} != \
               {n: w["version"] for n, w in workloads.items()}:
                problems.append("exit %d promises no change, but the workloads changed" % code)
        elif code != 3:
            problems.append("exit %d is no promise at all" % code)
        return problems

    def record(self, kind, command, code, seconds, before, after, extra, err, jobs=1):
        problems = self.judge(kind, before, after, code, extra, set(self.jobs[-jobs:]))
        if code == 3 and any(r["state"] == "pending" for r in after["records"].values()):
            extra["pending_for_next_job"] = True
        row = {"run": len(self.results), "campaign": kind, "command": " ".join(command), "exit": code,
               "seconds": round(seconds, 2), "problems": problems}
        row.update({k: v for k, v in extra.items() if k != "version"})
        if problems or code not in (0, 1, 75):
            row["log_tail"] = err[-600:]
        for secret in SECRETS.values():
            if secret in err:
                row["problems"].append("a secret value was printed")
        self.results.append(row)
        line = json.dumps(row)
        if self.out:
            self.out.write(line + "\n")
            self.out.flush()
        if problems:
            print(line, file=sys.stderr)
        return row

    def pick_command(self):
        roll = self.random.random()
        if roll < 0.15:
            return ["apply"], None
        if roll < 0.30:
            return ["rollback"], None
        if roll < 0.45:
            return ["upgrade", CRASH], None
        v = self.random.choice(GOOD)
        return ["upgrade", v], v

    def fault_spec(self):
        rate = self.random.choice([0.01, 0.03, 0.1])
        kinds = self.random.sample(["error=503", "error=500", "error=429", "reset", "watch-end=1500ms",
                                    "latency=35s"], k=self.random.randint(1, 3))
        rules = []
        for k in kinds:
            if k == "latency=35s":  # a request that outlasts the client's 30 s: a hang
                rules.append("%s@%g" % (k, min(rate, 0.002)))
            elif k.startswith("watch-end"):
                rules.append(k + "@0.5:verb=watch")
            else:
                rules.append("%s@%g" % (k, rate))
        return "seed=%d;%s" % (self.random.randint(1, 10 ** 6), ";".join(rules))

    def run_faults(self, n):
        for _ in range(n):
            command, version = self.pick_command()
            spec = self.fault_spec()
            self.cluster.faults(None)
            before = self.cluster.settle()
            self.cluster.faults(spec)
            start = time.time()
            p, log = self.start(command)
            code, err = self.finish(p, log)
            seconds = time.time() - start
            if command[0] == "upgrade" and code in (0, 1):
                self.durations.append(seconds)
            self.cluster.faults(None)
            after = self.cluster.settle(5)
            self.record("faults", command, code, seconds, before, after,
                        {"faults": spec, "version": version, "past_timeout": seconds > TIMEOUT + 1}, err)

    def moment(self, window=None):
        """A uniformly random moment of an upgrade's run: within `window`, or
        twice the median upgrade of the faults campaign (3 s without one)."""
        if window is None:
            window = 2 * sorted(self.durations)[len(self.durations) // 2] if len(self.durations) >= 5 else 3.0
        return self.random.uniform(0, window)

    def longest_clean_upgrade(self, runs=5):
        """The longest of a few upgrades with no faults, no signal: what a
        SIGKILL's moment is drawn within."""
        longest = 0.0
        for _ in range(runs):
            self.cluster.faults(None)
            self.cluster.settle()
            start = time.time()
            p, log = self.start(["upgrade", self.random.choice(GOOD)])
            self.finish(p, log)
            longest = max(longest, time.time() - start)
        return longest

    def run_sigterms(self, n):
        hits = 0
        for i in range(4 * n):
            if hits == n:
                break
            command, version = ["upgrade", self.random.choice(GOOD + [CRASH])], None
            hanging = i % 2 == 1
            spec = "seed=%d;latency=35s@0.1" % self.random.randint(1, 10 ** 6) if hanging else None
            self.cluster.faults(None)
            before = self.cluster.settle()
            self.cluster.faults(spec)
            p, log = self.start(command)
            time.sleep(self.moment())
            # A quarter SIGINT, half of those with requests hanging.
            sig = signal.SIGINT if (i // 2) % 4 == 3 else signal.SIGTERM
            ended_before = p.poll() is not None
            hits += 0 if ended_before else 1
            p.send_signal(sig)
            signalled = time.time()
            code, err = self.finish(p, log, 60)
            to_exit = time.time() - signalled
            self.cluster.faults(None)
            after = self.cluster.settle(5)
            self.record("sigterms", command, code, to_exit, before, after,
                        {"signal": sig.name, "hanging": hanging, "to_exit": round(to_exit, 2),
                         "ended_before_signal": ended_before}, err)

    def run_sigkills(self, n):
        hits = 0
        window = self.longest_clean_upgrade() if n else 0
        for _ in range(4 * n):
            if hits == n:
                break
            command = ["upgrade", self.random.choice(GOOD)]
            self.cluster.faults(None)
            before = self.cluster.settle()
            p, log = self.start(command)
            time.sleep(self.moment(window))
            ended_before = p.poll() is not None
            p.kill()
            code, err = self.finish(p, log, 30)
            after = self.cluster.settle(10)
            self.record("sigkill", command, code, 0, before, after, {"ended_before_signal": ended_before}, err)
            if ended_before:
                continue  # nothing to recover from
            hits += 1
            # The next job, with no human in between, must recover: told the
            # dead job's lock is held (75) and when it expires, it is run again
            # then, as a pipeline's retry would; it takes the lock over and
            # settles the dead job's record.
            version = self.random.choice(GOOD)
            before = after
            start = time.time()
            for _ in range(3):
                p, log = self.start(["upgrade", version])
                code, err = self.finish(p, log)
                m = re.search(r"in (\d+) s, unless its holder renews it", err)
                if code != 75 or not m:
                    break
                time.sleep(int(m.group(1)) + 1)
            after = self.cluster.settle(5)
            pending = [n for n, r in after["records"].items() if r["state"] == "pending"]
            self.record("recovery", ["upgrade", version], code, time.time() - start, before, after,
                        {"version": version, "recovered": code == 0 and not after["lock"] and not pending}, err)

    def run_concurrent(self, n):
        for _ in range(n):
            self.cluster.faults(None)
            before = self.cluster.settle()
            v1, v2 = self.random.choice(GOOD), self.random.choice(GOOD)
            a, alog = self.start(["upgrade", v1])
            time.sleep(self.random.uniform(0, 1.5))
            b, blog = self.start(["upgrade", v2])
            ca, ea = self.finish(a, alog)
            cb, eb = self.finish(b, blog)
            after = self.cluster.settle(5)
            # One deploys, the other exits 75 (or deploys after it): nothing else.
            code = 0 if set((ca, cb)) <= {0, 75} and 0 in (ca, cb) else max(ca, cb)
            self.record("concurrent", ["upgrade", v1, "|", "upgrade", v2], code, 0, before, after,
                        {"exits": [ca, cb]}, ea + eb, jobs=2)

    def figures(self):
        return figures(self.results)


def figures(results):
    """Per campaign: runs by exit code, contradictions, leaked locks, pending
    records left, SIGTERM-to-exit, jobs past their --timeout."""
    by = {}
    for r in results:
        if r["campaign"] == "sigkill" and not r.get("ended_before_signal"):
            r["problems"] = []  # the killed job promises nothing (its recovery is judged)
        c = by.setdefault(r["campaign"], {"runs": 0, "exits": {}, "contradictions": 0, "leaked_locks": 0,
                                          "pending_left": 0})
        c["runs"] += 1
        c["exits"][str(r["exit"])] = c["exits"].get(str(r["exit"]), 0) + 1
        c["contradictions"] += 1 if r["problems"] else 0
        c["leaked_locks"] += sum(1 for p in r["problems"] if p.startswith("lock left"))
        c["pending_left"] += sum(1 for p in r["problems"] if p.startswith("records left pending"))
        if r.get("ended_before_signal"):
            c["ended_before_signal"] = c.get("ended_before_signal", 0) + 1
        if "to_exit" in r:
            c["max_sigterm_to_exit_s"] = max(c.get("max_sigterm_to_exit_s", 0), r["to_exit"])
        if r.get("past_timeout"):
            c["past_timeout"] = c.get("past_timeout", 0) + 1
        if r.get("pending_for_next_job"):
            c["pending_after_exit_3"] = c.get("pending_after_exit_3", 0) + 1
        if r["campaign"] == "recovery":
            c["recovered"] = c.get("recovered", 0) + (1 if r.get("recovered") else 0)
    return by


def table(by):
    rows = ["| campaign | runs | by exit code | contradictions | leaked locks | pending left | pending after exit 3 "
            "(settled by the next job) | max SIGTERM-to-exit | past --timeout | recovered |",
            "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, c in by.items():
        exits = ", ".join("%s: %d" % (k, v) for k, v in sorted(c["exits"].items(), key=lambda kv: int(kv[0])))
        late = c.get("ended_before_signal", 0)
        runs = "%d (%d signalled after the job ended)" % (c["runs"], late) if late else str(c["runs"])
        rows.append("| %s | %s | %s | %d | %d | %d | %d | %s | %d | %s |" % (
            name, runs, exits, c["contradictions"], c["leaked_locks"], c["pending_left"],
            c.get("pending_after_exit_3", 0),
            "%.2f s" % c["max_sigterm_to_exit_s"] if "max_sigterm_to_exit_s" in c else "",
            c.get("past_timeout", 0), "%d of %d" % (c["recovered"], c["runs"]) if "recovered" in c else ""))
    return "\n".join(rows)


def start_registry(work):
    port = free_port()
    host = "127.0.0.1:%d" % port
    cfg = os.path.join(work, "registry.yml")
    with open(cfg, "w") as f:
        f.write('version: 0.1\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: "%s", secret: campaign}\n'
                'log: {level: error, accesslog: {disabled: true}}\n' % (os.path.join(work, "registry"), host))
    proc = subprocess.Popen(["docker-registry", "serve", cfg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen("http://%s/v2/" % host, timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    for v in VERSIONS:
        subprocess.run(["bash", os.path.join(ROOT, "ci", "oci-push"), host, "squadproject/squad", v], check=True)
    return proc, host


class World:
    """The registry, the emulator and the site, with staging's namespace and
    its health token made; stopped and removed on exit."""

    def __init__(self, emulator, time_scale, site_class=Site, prefix="qareports-reliability-"):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.registry, self.cluster = None, None
        try:
            self.registry, host = start_registry(self.work)
            self.cluster = Cluster(emulator, self.work, time_scale)
            self.site = site_class(self.work, host, self.cluster)
            self.cluster.call("POST", "/api/v1/namespaces", json.dumps(
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}}))
            self.cluster.call("POST", "/api/v1/namespaces/%s/secrets" % NS, json.dumps(
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "squad-health-token"},
                 "stringData": {"token": SECRETS["QAREPORTS_STAGING_API_TOKEN"]}}))
        except BaseException:
            self.__exit__()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *_):
        if self.cluster:
            self.cluster.stop()
        if self.registry:
            self.registry.terminate()
            self.registry.wait()
        shutil.rmtree(self.work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qareports")
    ap.add_argument("--emulator")
    ap.add_argument("--faults", type=int, default=0)
    ap.add_argument("--sigterms", type=int, default=0)
    ap.add_argument("--sigkills", type=int, default=0)
    ap.add_argument("--concurrent", type=int, default=0)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--time-scale", type=int, default=10)
    ap.add_argument("--out")
    ap.add_argument("--summarize", help="print the table of a recorded run (its --out file) and exit")
    args = ap.parse_args()
    if args.summarize:
        print(table(figures([json.loads(l) for l in open(args.summarize)])))
        return 0
    if not args.qareports or not args.emulator:
        ap.error("--qareports and --emulator are required to run the campaigns")
    if not shutil.which("docker-registry"):
        print("SKIPPED: docker-registry (Debian's OCI registry) is not installed", file=sys.stderr)
        return 77
    with World(args.emulator, args.time_scale) as world:
        campaign = Campaign(args, world.cluster, world.site)
        p, log = campaign.start(["apply"])
        code, err = campaign.finish(p, log)
        if code != 0:
            print("the first deploy failed (exit %d):\n%s" % (code, err), file=sys.stderr)
            return 1
        started = time.time()
        campaign.run_faults(args.faults)
        campaign.run_sigterms(args.sigterms)
        campaign.run_sigkills(args.sigkills)
        campaign.run_concurrent(args.concurrent)
        by = campaign.figures()
        print(json.dumps({"seed": args.seed, "minutes": round((time.time() - started) / 60, 1),
                          "campaigns": by}, indent=1))
        print(table(by))
        bad = sum(c["contradictions"] for c in by.values())
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
