#include "cli/logging.h"

#include <algorithm>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace qareports::cli {
namespace {

constexpr size_t kKeptLines = 20000;
constexpr const char* kPattern = "%l: %v";

std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt>& Kept() {
  static std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> kept;
  return kept;
}

}  // namespace

void SetUpLogging(int verbosity) {
  static auto logger = [] {
    auto l = spdlog::stderr_color_mt("qareports");
    l->set_pattern("%^%l%$: %v");
    spdlog::set_default_logger(l);
    return l;
  }();
  auto kept = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(kKeptLines);
  kept->set_pattern(kPattern);
  std::vector<spdlog::sink_ptr>& sinks = logger->sinks();
  if (Kept()) sinks.erase(std::remove(sinks.begin(), sinks.end(), Kept()), sinks.end());
  sinks.push_back(kept);
  Kept() = kept;
  logger->set_level(verbosity >= 2 ? spdlog::level::trace
                    : verbosity == 1 ? spdlog::level::debug
                                     : spdlog::level::info);
}

std::string JobLog() {
  if (!Kept()) return "";
  std::string text;
  for (const std::string& line : Kept()->last_formatted()) text += line;
  return text;
}

}  // namespace qareports::cli
