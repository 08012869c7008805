// The rules file: how containers behave by image (first glob match wins)
// and which namespaces can schedule pods (the Fargate profiles). Without a
// rules file every image is ready after 1 s and every namespace schedules.
#pragma once
#include <chrono>
#include <string>
#include <vector>

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

  // The first rule matching `image` in this kind of pod, or the default
  // (ready after 1 s).
  ImageRule ForImage(const std::string& image, bool job_pod) const;
  bool Schedulable(const std::string& ns) const;
};

// Loads a rules file; returns false with a message on a bad file.
bool LoadRules(const std::string& path, Rules* out, std::string* error);

}  // namespace qareports::emulator
