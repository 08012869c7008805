#include "storage/names.h"

#include <cstdio>
#include <mutex>
#include <random>

namespace qareports::emulator {

static std::mt19937_64& Rng() {
  static std::mt19937_64 rng{std::random_device{}()};
  return rng;
}
static std::mutex rng_mu;

std::string NewUid() {
  std::lock_guard<std::mutex> l(rng_mu);
  std::uint64_t a = Rng()(), b = Rng()();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";

std::string RandomSuffix(int length) {
  std::lock_guard<std::mutex> l(rng_mu);
  std::string out;
  for (int i = 0; i < length; ++i) out += kAlphabet[Rng()() % 27];
  return out;
}

std::string TemplateHash(const nlohmann::json& pod_template) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : pod_template.dump()) {
    h ^= c;
    h *= 16777619u;
  }
  std::string digits = std::to_string(h);
  std::string out;
  for (char c : digits) out += kAlphabet[static_cast<unsigned char>(c) % 27];
  return out;
}

bool IsDnsSubdomain(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  for (char c : name)
    if (!alnum(c) && c != '-' && c != '.') return false;
  return true;
}

}  // namespace qareports::emulator
