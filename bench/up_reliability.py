#!/usr/bin/python3
"""The `up` and `destroy` campaign (docs/RELIABILITY.md): staging stands on
the fixture layers of tests/fixtures/terraform (the real Terraform, the
built-in terraform_data, local state), the eksctl stand-in, the emulator and
Debian's OCI registry on loopback. Each run stops one job (`up`, or
`destroy --yes` of an environment that is up) in the middle of its
Terraform apply, one of four ways:

  sigterm     SIGTERM at a uniformly random moment of the job
  sigkill     SIGKILL at a uniformly random moment of the job
  timeout     the job's own --timeout: for an `up`, 10 to 30 s into a broker
              that takes 20 s to make; for a destroy, drawn as the moment
              is (whole seconds)
  concurrent  a second job of the same command, started 0 to 2 s later

Every apply replaces the broker, which takes 3 s, so a moment often falls
inside Terraform's own work. After each run the campaign waits for every
Terraform of the site to end (no more than 60 s) and counts:

  runaway Terraforms  one still running 60 s after its job ended
  leaked locks        a Terraform state lock, or the deploy lock held by a
                      job that ended (a Terraform the agent killed at the
                      end of a --timeout's cleanup, and said so, is counted
                      on its own)
  contradictions      an exit code whose promise the end state breaks: exit
                      0 with a layer not applied (up) or not destroyed
                      (destroy); two concurrent jobs that do not end one in
                      0 and the other in 0 or 75; and, after every run, the
                      same command with no signal (a pipeline's retry; a
                      deploy lock of a killed job is waited out as the agent
                      says) that does not end in 0, or leaves the layer
                      changed (up) or not destroyed (destroy).

A deploy lock that a killed job left (an `up` takes it only to deploy) is
let expire before the next run starts, so that no run is told 75 by a job
that is not part of it.

  bench/up_reliability.py --qareports BIN --emulator BIN [--runs N] [--seed S] [--out FILE]

--runs is per command and way (default 20: 160 stopped jobs). Prints one
JSON line per run and the table at the end; exits 1 on any count above 0.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reliability import ROOT, SECRETS, Site, World  # noqa: E402

WAYS = ["sigterm", "sigkill", "timeout", "concurrent"]
COMMANDS = ["up", "destroy"]
APPLY_SECONDS = 3  # the broker's replacement: Terraform's own slow work
SLOW_APPLY_SECONDS = 20  # for an `up` stopped by a --timeout of 10 to 30 s
SETTLE = 60        # how long a Terraform may outlive its job before it is a runaway
LAYERS = """    terraform:
      layers:
        - name: shared
          dir: tf/shared
          backend: { path: %(dir)s/shared.tfstate }
        - name: staging
          dir: tf/environment
          backend: { path: %(dir)s/staging.tfstate }
          vars: { environment: staging, instance_class: db.t4g.small, broker_generation: %(generation)d, apply_seconds: %(seconds)d }
          secret_vars:
            database_password: { env: QAREPORTS_STAGING_DATABASE_PASSWORD }
      outputs:
        database_host: staging.database_host
        rabbitmq_host: staging.rabbitmq_host
        storage_bucket: staging.storage_bucket
"""


class UpSite(Site):
    """The deployment repository with staging on the fixture layers, as
    tests/deploy/up_test.cc makes it."""

    def __init__(self, work, registry, cluster):
        super().__init__(work, registry, cluster)
        shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "terraform"), os.path.join(self.dir, "tf"))
        os.makedirs(os.path.join(self.dir, "bin"))
        os.symlink(os.path.join(ROOT, "tests", "fixtures", "eksctl-standin"), os.path.join(self.dir, "bin", "eksctl"))
        os.makedirs(os.path.join(self.dir, "eksctl-state"))
        text = open(self.config).read()
        begin = text.index("# Terraform (terraform/")
        text = text[:begin] + text[text.index("environments:\n", begin):]
        staging = text.index("\n  staging:\n")
        block = text.index("    terraform:\n", staging)
        end = text.index("    checks:\n", block)
        self.template = text[:block] + "%(layers)s" + text[end:]
        self.template = self.template.replace("      storage_bucket: staging-qareports-storage\n", "", 1)
        self.generation = 1
        self.apply_seconds = APPLY_SECONDS
        self.write()

    def write(self):
        layers = LAYERS % {"dir": self.dir, "generation": self.generation, "seconds": self.apply_seconds}
        with open(self.config, "w") as f:
            f.write(self.template.replace("%(layers)s", layers))

    def next_generation(self, seconds=APPLY_SECONDS):
        """The next `up` replaces the broker, which takes `seconds`: Terraform has work to do."""
        self.generation += 1
        self.apply_seconds = seconds
        self.write()

    def quick_apply(self):
        """The broker, if it is still to be made, is made at once."""
        self.apply_seconds = APPLY_SECONDS
        self.write()

    def terraforms(self):
        """The PIDs of the Terraforms working in the site's layers."""
        found = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                comm = open("/proc/%s/comm" % pid).read().strip()
                cwd = os.readlink("/proc/%s/cwd" % pid)
            except OSError:
                continue
            if comm.startswith("terraform") and cwd.startswith(self.dir + "/"):
                found.append(int(pid))
        return found

    def state_locks(self):
        return sorted(f for f in os.listdir(self.dir) if f.endswith(".lock.info"))

    def resources(self, layer):
        try:
            state = json.load(open(os.path.join(self.dir, layer + ".tfstate")))
        except (OSError, ValueError):
            return []
        return sorted("%s.%s" % (r["type"], r["name"]) for r in state.get("resources", []))


class UpCampaign:
    def __init__(self, args, cluster, site):
        self.args, self.cluster, self.site = args, cluster, site
        self.random = random.Random(args.seed)
        self.results = []
        self.jobs = []
        self.durations = {}  # command: seconds of a run with no signal
        self.out = open(args.out, "w") if args.out else None

    def start(self, command, timeout=None):
        self.jobs.append("https://ci.example/job/%d" % len(self.jobs))
        argv = [self.args.qareports, "staging"] + command + [
            "--config", self.site.config, "--kubeconfig", self.cluster.kubeconfig, "--context", "emulator",
            "--timeout", timeout or "300s"]
        env = dict(SECRETS)
        env.update({"HOME": self.site.home, "CI_JOB_URL": self.jobs[-1],
                    "PATH": os.path.join(self.site.dir, "bin") + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
                    "EKSCTL_STANDIN_LOG": os.path.join(self.site.dir, "eksctl.log"),
                    "EKSCTL_STANDIN_STATE": os.path.join(self.site.dir, "eksctl-state")})
        log = tempfile.TemporaryFile()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log, env=env, cwd=self.site.dir)
        return p, log

    @staticmethod
    def finish(p, log, limit=400):
        try:
            code = p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            code = p.wait()
        log.seek(0)
        return code, log.read().decode(errors="replace")

    def run(self, command, timeout=None):
        p, log = self.start(command, timeout)
        return self.finish(p, log)

    def settle(self):
        """Waits for the site's Terraforms to end; returns how many ran on past SETTLE."""
        end = time.time() + SETTLE
        while self.site.terraforms() and time.time() < end:
            time.sleep(0.1)
        runaway = self.site.terraforms()
        for pid in runaway:
            os.kill(pid, signal.SIGKILL)
        return len(runaway)

    def until_done(self, command):
        """`command` as a pipeline's retry runs it: after a 75 that names when
        a dead job's deploy lock expires, again then. Returns (code, log, tries)."""
        for tries in range(1, 4):
            code, err = self.run(self.command_argv(command))
            m = re.search(r"in (\d+) s, unless its holder renews it", err)
            if code != 75 or not m:
                return code, err, tries
            time.sleep(int(m.group(1)) + 1)
        return code, err, tries

    def command_argv(self, command):
        return ["up"] if command == "up" else ["destroy", "--yes"]

    def prepare(self, command, slow=False):
        """An environment with work for `command`: up, and for `up` a broker to replace."""
        if command == "destroy" or not self.site.resources("staging"):
            code, err, _ = self.until_done("up")
            if code != 0:
                raise SystemExit("the environment could not be made up before a run (exit %d):\n%s" % (code, err[-2000:]))
        if command == "up":
            self.site.next_generation(SLOW_APPLY_SECONDS if slow else APPLY_SECONDS)
        # A deploy lock a killed job left (an `up` takes it only to deploy)
        # expires before the next run, whose jobs would otherwise be told 75.
        end = time.time() + 70
        while self.cluster.state()["lock"] and time.time() < end:
            time.sleep(1)

    def measure(self):
        """How long each command takes with no signal: what moments are drawn within."""
        for command in COMMANDS:
            self.prepare(command)
            start = time.time()
            code, err = self.run(self.command_argv(command))
            if code != 0:
                raise SystemExit("%s failed with no signal (exit %d):\n%s" % (command, code, err[-2000:]))
            self.durations[command] = time.time() - start

    def judge(self, command, codes):
        """The contradictions of the stopped jobs' exit codes with the end state."""
        problems = []
        applied = self.site.resources("staging")
        if command == "up" and 0 in codes and len(applied) != 3:
            problems.append("exit 0 from up, but the environment layer holds %s" % applied)
        if command == "destroy" and 0 in codes and applied:
            problems.append("exit 0 from destroy, but the environment layer still holds %s" % applied)
        if len(codes) == 2 and not (set(codes) <= {0, 75} and 0 in codes):
            problems.append("two jobs at once ended %s: one must deploy, the other deploy after it or be told busy (75)"
                            % codes)
        for code in codes:
            # < 0: killed by the signal itself, SIGKILL or a SIGTERM that came
            # before main() could catch it (the next up is judged).
            if code not in (0, 1, 3, 75) and code >= 0:
                problems.append("exit %d is no promise of a stopped job" % code)
        return problems

    def one(self, command, way):
        slow = way == "timeout" and command == "up"
        self.prepare(command, slow)
        argv = self.command_argv(command)
        moment = self.random.uniform(0, self.durations[command])
        started = time.time()
        logs, codes = "", []
        if way == "timeout":
            # An `up`'s timeout falls within a broker that takes 20 s to make
            # (the cleanup has a third of the timeout, at most 8.5 s); a
            # destroy's within its run. --timeout takes whole seconds.
            moment = self.random.randint(10, 30) if slow else max(1, round(moment))
            code, err = self.run(argv, "%ds" % moment)
            self.site.quick_apply()
            codes.append(code)
            logs += err
        elif way == "concurrent":
            a, alog = self.start(argv)
            time.sleep(self.random.uniform(0, 2))
            b, blog = self.start(argv)
            for p, log in ((a, alog), (b, blog)):
                code, err = self.finish(p, log)
                codes.append(code)
                logs += err
        else:
            p, log = self.start(argv)
            time.sleep(moment)
            ended_before = p.poll() is not None
            p.send_signal(signal.SIGTERM if way == "sigterm" else signal.SIGKILL)
            code, err = self.finish(p, log)
            codes.append(code)
            logs += err
        seconds = time.time() - started
        runaway = self.settle()
        locks = self.site.state_locks()
        held = self.cluster.state()["lock"]
        problems = self.judge(command, codes)
        # A Terraform the agent had to kill at the end of the cleanup's time
        # (a --timeout too short for its graceful stop) leaves its lock's
        # record, and says so: counted on its own.
        killed = bool(locks) and "Terraform was killed before it finished" in logs
        if runaway:
            problems.append("%d Terraform(s) still running %d s after the job ended" % (runaway, SETTLE))
        if locks and not killed:
            problems.append("Terraform state lock left: %s" % locks)
        if held and held in self.jobs[-len(codes):] and min(codes) >= 0:
            problems.append("deploy lock left held by " + held)
        # The promise every exit code makes: the job's retry finishes without a human.
        recovery, err, tries = self.until_done(command)
        plan_err = ""
        if recovery != 0:
            problems.append("the %s after it ended %d:\n%s" % (command, recovery, err[-600:]))
        elif command == "up":
            plan, plan_err = self.run(["plan", "--only", "terraform", "--detailed-exitcode"])
            if plan != 0:
                problems.append("the up after it left Terraform changes (plan exit %d)" % plan)
        elif self.site.resources("staging"):
            problems.append("the destroy after it left %s" % self.site.resources("staging"))
        row = {"run": len(self.results), "command": command, "way": way, "moment": round(moment, 2),
               "exits": codes, "seconds": round(seconds, 2), "runaway": runaway, "state_locks": len(locks),
               "killed_at_deadline": killed,
               "recovery_tries": tries, "problems": problems}
        if way in ("sigterm", "sigkill"):
            row["ended_before_signal"] = ended_before
        if problems:
            row["log_tail"] = logs[-1500:]
        if any(secret in logs + err + plan_err for secret in SECRETS.values()):
            row["problems"].append("a secret value was printed")
        self.results.append(row)
        line = json.dumps(row)
        if self.out:
            self.out.write(line + "\n")
            self.out.flush()
        if problems:
            print(line, file=sys.stderr)

    def campaign(self, runs):
        self.measure()
        plan = [(c, w) for c in COMMANDS for w in WAYS for _ in range(runs)]
        self.random.shuffle(plan)
        for command, way in plan:
            self.one(command, way)


def figures(results):
    by = {}
    for r in results:
        key = "%s, %s" % (r["command"], r["way"])
        c = by.setdefault(key, {"runs": 0, "exits": {}, "contradictions": 0, "leaked_locks": 0, "runaway": 0,
                                "late": 0, "recovery_retries": 0, "killed_at_deadline": 0})
        c["runs"] += 1
        for e in r["exits"]:
            c["exits"][str(e)] = c["exits"].get(str(e), 0) + 1
        c["contradictions"] += 1 if any(not p.startswith(("Terraform state lock", "deploy lock")) and
                                        "still running" not in p for p in r["problems"]) else 0
        c["leaked_locks"] += sum(1 for p in r["problems"] if p.startswith(("Terraform state lock", "deploy lock")))
        c["runaway"] += r["runaway"]
        c["late"] += 1 if r.get("ended_before_signal") else 0
        c["killed_at_deadline"] += 1 if r.get("killed_at_deadline") else 0
        c["recovery_retries"] += r["recovery_tries"] - 1
    return by


def table(by):
    rows = ["| command, way | runs | exit codes | contradictions | leaked locks | runaway Terraforms | "
            "Terraform killed at the deadline, said | signalled after the job ended | "
            "retries that waited out a dead job's lock |",
            "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, c in sorted(by.items()):
        exits = ", ".join("%s: %d" % (k, v) for k, v in sorted(c["exits"].items(), key=lambda kv: int(kv[0])))
        rows.append("| %s | %d | %s | %d | %d | %d | %d | %d | %d |" % (
            name, c["runs"], exits, c["contradictions"], c["leaked_locks"], c["runaway"], c["killed_at_deadline"],
            c["late"], c["recovery_retries"]))
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qareports")
    ap.add_argument("--emulator")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261208)
    ap.add_argument("--out")
    ap.add_argument("--summarize", help="print the table of a recorded run (its --out file) and exit")
    args = ap.parse_args()
    if args.summarize:
        print(table(figures([json.loads(line) for line in open(args.summarize)])))
        return 0
    if not args.qareports or not args.emulator:
        ap.error("--qareports and --emulator are required to run the campaign")
    args.qareports, args.emulator = os.path.abspath(args.qareports), os.path.abspath(args.emulator)
    for tool, why in (("docker-registry", "Debian's OCI registry"), ("terraform", "Terraform 1.5+")):
        if not shutil.which(tool):
            print("SKIPPED: %s (%s) is not installed" % (tool, why), file=sys.stderr)
            return 77
    with World(args.emulator, 10, UpSite, "qareports-up-reliability-") as world:
        campaign = UpCampaign(args, world.cluster, world.site)
        started = time.time()
        campaign.campaign(args.runs)
        by = figures(campaign.results)
        print(json.dumps({"seed": args.seed, "minutes": round((time.time() - started) / 60, 1),
                          "seconds_without_signal": {k: round(v, 1) for k, v in campaign.durations.items()},
                          "campaigns": by}, indent=1))
        print(table(by))
        bad = sum(c["contradictions"] + c["leaked_locks"] + c["runaway"] for c in by.values())
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
