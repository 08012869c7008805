// The deploy engine: the one path that changes an environment, under
// `apply`, `upgrade` and `rollback` (commands/apply.h, upgrade.h,
// rollback.h; after Helm's actions). Each command is an Action that chooses
// what to deploy; Run takes it through the steps: validate, gate, lock,
// record pending, migrate, converge (apply and prune, track every rollout,
// verify with the health checks), record deployed. After the first write,
// any failure or stop request restores the last good release through the
// same Converge that a rollback runs, and that restore is verified the same
// way. Writes the cluster through deploy/cluster.h.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "deploy/cluster.h"
#include "report/report.h"
#include "sys/sys.h"

namespace qareports::deploy {

// What one run puts in the cluster.
struct Target {
  nlohmann::json objects = nlohmann::json::array();  // rendered, secrets included
  std::string version;                                // SQUAD's
  std::optional<nlohmann::json> migration_job;        // run first when SQUAD's image is new here
  bool image_ran_before = false;  // a rollback's: the image is not checked in its registry, nor migrated to
  std::vector<std::string> kept_migrations;  // a rollback's: applied by newer releases, staying applied
};

// What `apply`, `upgrade` and `rollback` each decide.
class Action {
 public:
  virtual ~Action() = default;
  // Loads and checks the command's own input, before anything else.
  // InvalidInput naming the file and field.
  virtual Status Validate() = 0;
  // The health checks whose CI variables must be set besides the
  // environment's own (the gate's).
  virtual std::vector<const config::Check*> GateChecks() const { return {}; }
  // May the run go ahead? What the release record says of the gate
  // ("open", "skipped (--skip-gate)", "" when there is none). Failed when
  // the gate is closed; errors of the gate's inputs as they are.
  virtual Result<std::string> Gate(report::Report& report) = 0;
  // What to deploy, given the environment's releases (newest first), read
  // under the lock. Failed when there is nothing to deploy.
  virtual Result<Target> Choose(const std::vector<release::Release>& releases, report::Report& report) = 0;
};

// What the engine is given (a command's Deps, narrowed).
struct EngineDeps {
  sys::Sys& sys;
  const config::Config& config;
  const config::Environment& env;
  Cluster& cluster;
  std::optional<double> timeout;  // --timeout: the job's deadline (sys/stop.h); each rollout gets what is left
};

// What a run deployed.
struct Deployed {
  int release = 0;
  std::string version;
  int previous = 0;  // the last good release before this one (0: none), the one a rollback restores
  std::string gate;
  std::vector<std::string> migrations;       // applied by its migration Job
  std::vector<std::string> kept_migrations;  // a rollback's
  std::vector<std::string> workloads;        // each workload's last progress line
  double rollout_seconds = 0;
};

// "stopped while <during>: SIGTERM" (or the --timeout that ran out).
Error Stopped(const std::string& during);

class Engine {
 public:
  explicit Engine(EngineDeps deps) : deps_(std::move(deps)) {}

  // InvalidInput before any change; Unavailable when the cluster or the
  // registry cannot be reached before any change; LockHeld when another job
  // deploys; Failed when the job failed and the environment is back on the
  // last good release (or untouched); Unsafe when that could not be made so.
  Result<Deployed> Run(Action& action, report::Report& report);

 private:
  struct Change {  // the release being deployed, and what to go back to
    int release = 0;
    std::string title;                     // "release 2 (SQUAD 1.90)"
    std::optional<release::Release> good;  // what a failure returns to; nullopt: nothing (the first release)
    std::vector<std::string> migrations;   // what its migration Job applied
  };
  struct Converging {  // what Converge puts in the cluster, and how
    const nlohmann::json& objects;
    std::string version;
    std::string title;
    std::string prefix;      // of the report's suites: "" for a deploy, "rollback-" for a restore
    bool restoring = false;  // after a failure or a stop: a stop request no longer ends the wait
    const std::map<std::string, std::string>* changes = nullptr;  // over the last good release, by object
  };

  Status Validate(Action& action, report::Report& report);
  Result<std::unique_ptr<HeldLock>> TakeLock(report::Report& report);
  Result<Deployed> Unlock(HeldLock& lock, Result<Deployed> outcome);
  Result<Deployed> Locked(Action& action, const std::string& gate, report::Report& report);
  Status CheckImage(const std::string& version, report::Report& report);
  Result<int> RecordPending(const Target& target, const std::string& gate);
  Status Migrate(Change& change, const Target& target, report::Report& report);
  Status Converge(const Converging& what, report::Report& report, rollout::TrackResult* tracked = nullptr);
  Status ApplyAndPrune(const nlohmann::json& objects, bool prune, const std::string& suite, report::Report& report,
                       const std::map<std::string, std::string>* changes = nullptr);
  Result<rollout::TrackResult> Roll(const std::vector<std::string>& workloads, double timeout, bool stoppable,
                                    const std::string& suite, report::Report& report);
  Status Verify(const std::string& version, const std::string& suite, report::Report& report);
  Error Restore(const Change& change, const std::string& cause, report::Report& report);
  Error Empty(const Change& change, const std::string& cause, report::Report& report);
  Result<Deployed> RecordDeployed(const Change& change, const Target& target, const rollout::TrackResult& tracked);
  void MarkFailed(int release);
  std::string Now() const;

  EngineDeps deps_;
  rollout::ViewOptions view_;
  double rollout_timeout_ = 600;
  std::map<std::string, nlohmann::json> check_jobs_;  // the `job` checks' Jobs, rendered
  release::Store* store_ = nullptr;                   // the environment's records, once the lock is held
};

}  // namespace qareports::deploy
