// The rules file: how containers behave by image (first glob match wins),
// which namespaces can schedule pods (the Fargate profiles), and which
// projects the simulated SQUAD has and the token that may submit to them.
// Without a rules file every image is ready after 1 s, every namespace
// schedules, and SQUAD has no project.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "squad/squad_submissions.h"

namespace qareports::emulator {

enum class Behaviour { kReady, kCrashLoop, kImageMissing, kNeverReady, kJobFails };

struct ImageRule {
  std::string match;  // glob on the full image reference
  std::string pods = "all";  // all | jobs (restartPolicy not Always) | workloads (Always)
  Behaviour behaviour = Behaviour::kReady;
  std::chrono::milliseconds after{1000};
  std::vector<std::string> log;
};

struct Rules {
  std::vector<ImageRule> images;
  bool fargate_only = false;
  std::vector<std::string> fargate_namespaces;
  SquadSubmitRules squad;

  // The first rule matching `image` in this kind of pod, or the default
  // (ready after 1 s).
  ImageRule ForImage(const std::string& image, bool job_pod) const;
  bool Schedulable(const std::string& ns) const;
};

// Loads a rules file; returns false with a message on a bad file.
bool LoadRules(const std::string& path, Rules* out, std::string* error);

}  // namespace qareports::emulator
