#include "controllers/rules.h"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "controllers/sim_clock.h"

namespace qareports::emulator {

ImageRule Rules::ForImage(const std::string& image, bool job_pod) const {
  for (const auto& r : images) {
    if (r.pods == (job_pod ? "workloads" : "jobs")) continue;
    if (fnmatch(r.match.c_str(), image.c_str(), 0) == 0) return r;
  }
  ImageRule def;
  def.match = "*";
  return def;
}

bool Rules::Schedulable(const std::string& ns) const {
  if (!fargate_only) return true;
  return std::find(fargate_namespaces.begin(), fargate_namespaces.end(), ns) !=
         fargate_namespaces.end();
}

static bool ParseBehaviour(const std::string& s, Behaviour* b) {
  if (s == "ready") *b = Behaviour::kReady;
  else if (s == "crashloop") *b = Behaviour::kCrashLoop;
  else if (s == "image-missing") *b = Behaviour::kImageMissing;
  else if (s == "never-ready") *b = Behaviour::kNeverReady;
  else if (s == "job-fails") *b = Behaviour::kJobFails;
  else return false;
  return true;
}

bool LoadRules(const std::string& path, Rules* out, std::string* error) {
  try {
    YAML::Node root = YAML::LoadFile(path);
    for (const auto& n : root["images"]) {
      ImageRule r;
      r.match = n["match"].as<std::string>("*");
      r.pods = n["pods"].as<std::string>("all");
      if (r.pods != "all" && r.pods != "jobs" && r.pods != "workloads") {
        *error = path + ": 'pods' must be all, jobs or workloads (line " + std::to_string(n.Mark().line + 1) + ")";
        return false;
      }
      std::string b = n["behaviour"].as<std::string>(n["behavior"].as<std::string>("ready"));
      if (!ParseBehaviour(b, &r.behaviour)) {
        *error = path + ": unknown behaviour '" + b + "' (line " + std::to_string(n.Mark().line + 1) + ")";
        return false;
      }
      if (n["after"] && !ParseDuration(n["after"].as<std::string>(), &r.after)) {
        *error = path + ": bad duration in 'after' (line " + std::to_string(n.Mark().line + 1) + ")";
        return false;
      }
      for (const auto& l : n["log"]) r.log.push_back(l.as<std::string>());
      out->images.push_back(r);
    }
    if (root["fargate"]) {
      out->fargate_only = true;
      for (const auto& ns : root["fargate"]["namespaces"]) out->fargate_namespaces.push_back(ns.as<std::string>());
    }
    if (YAML::Node squad = root["squad"]) {
      for (const auto& p : squad["projects"]) {
        std::string name = p.as<std::string>();
        if (name.find('/') == std::string::npos) {
          *error = path + ": squad.projects: \"" + name + "\" is not group/project (line " +
                   std::to_string(p.Mark().line + 1) + ")";
          return false;
        }
        out->squad.projects.insert(name);
      }
      out->squad.token = squad["token"].as<std::string>("");
    }
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return false;
  }
  return true;
}

}  // namespace qareports::emulator
