#include "api/faults.h"

#include <algorithm>

#include "controllers/sim_clock.h"

namespace qareports::emulator {

namespace {

std::vector<std::string> SplitOn(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto p = s.find(sep, start);
    std::string part = s.substr(start, p == std::string::npos ? std::string::npos : p - start);
    if (!part.empty()) out.push_back(part);
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

bool Matches(const std::string& alternatives, const std::string& value) {
  if (alternatives.empty()) return true;
  for (const auto& a : SplitOn(alternatives, '|'))
    if (a == value) return true;
  return false;
}

bool ParseRule(const std::string& text, FaultRule* r, std::string* error) {
  std::string head = text, filters;
  if (auto colon = text.find(':'); colon != std::string::npos) {
    head = text.substr(0, colon);
    filters = text.substr(colon + 1);
  }
  if (auto at = head.find('@'); at != std::string::npos) {
    try {
      r->probability = std::stod(head.substr(at + 1));
    } catch (...) {
      *error = "bad probability in '" + text + "'";
      return false;
    }
    head = head.substr(0, at);
  }
  std::string value;
  if (auto eq = head.find('='); eq != std::string::npos) {
    value = head.substr(eq + 1);
    head = head.substr(0, eq);
  }
  r->kind = head;
  if (head == "error") {
    r->code = value.empty() ? 500 : std::atoi(value.c_str());
    if (r->code != 500 && r->code != 503 && r->code != 429) {
      *error = "error must be 500, 503 or 429 in '" + text + "'";
      return false;
    }
  } else if (head == "latency" || head == "watch-end") {
    if (!ParseDuration(value, &r->duration)) {
      *error = "bad duration in '" + text + "'";
      return false;
    }
  } else if (head == "inflight") {
    r->seats = std::atoi(value.c_str());
    if (r->seats < 1) {
      *error = "inflight needs a number of requests, at least 1, in '" + text + "'";
      return false;
    }
  } else if (head != "reset" && head != "hang") {
    *error = "unknown fault '" + head + "'";
    return false;
  }
  for (const auto& f : SplitOn(filters, ',')) {
    auto eq = f.find('=');
    std::string k = f.substr(0, eq), v = eq == std::string::npos ? "" : f.substr(eq + 1);
    if (k == "verb") r->verb = v;
    else if (k == "resource") r->resource = v;
    else if (k == "times") r->times = std::atol(v.c_str());
    else {
      *error = "unknown filter '" + k + "' in '" + text + "'";
      return false;
    }
  }
  return true;
}

}  // namespace

bool Faults::Set(const std::string& spec, std::string* error) {
  std::vector<FaultRule> rules;
  std::uint64_t seed = 1;
  for (const auto& part : SplitOn(spec, ';')) {
    if (part.rfind("seed=", 0) == 0) {
      seed = std::strtoull(part.c_str() + 5, nullptr, 10);
      continue;
    }
    FaultRule r;
    if (!ParseRule(part, &r, error)) return false;
    rules.push_back(r);
  }
  std::lock_guard<std::mutex> l(mu_);
  rules_ = rules;
  spec_ = spec;
  rng_.seed(seed);
  return true;
}

std::string Faults::spec() const {
  std::lock_guard<std::mutex> l(mu_);
  return spec_;
}

FaultAction Faults::Decide(const std::string& verb, const std::string& resource) {
  std::lock_guard<std::mutex> l(mu_);
  FaultAction a;
  for (auto& r : rules_) {
    if (!Matches(r.verb, verb) || !Matches(r.resource, resource) || r.times == 0) continue;
    double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    if (draw >= r.probability) continue;
    if (r.times > 0) --r.times;
    if (r.kind == "error" && a.error_code == 0) a.error_code = r.code;
    if (r.kind == "latency") a.latency += r.duration;
    if (r.kind == "reset") a.reset = true;
    if (r.kind == "hang") a.hang = true;
    if (r.kind == "watch-end") a.watch_end = r.duration;
    if (r.kind == "inflight") a.seats = a.seats ? std::min(a.seats, r.seats) : r.seats;
  }
  return a;
}

}  // namespace qareports::emulator
