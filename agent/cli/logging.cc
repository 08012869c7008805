#include "cli/logging.h"

#include <algorithm>
#include <deque>
#include <mutex>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace qareports::cli {
namespace {

constexpr size_t kKeptLines = 20000;
constexpr size_t kKeptBytes = 4 << 20;
constexpr const char* kPattern = "%l: %v";

// The last lines logged, kept as they come: memory follows what was logged
// (a ring of fixed slots would take its whole size at start).
class Tail : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string Text() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string text;
    text.reserve(bytes_);
    for (const std::string& line : lines_) text += line;
    return text;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    lines_.emplace_back(formatted.data(), formatted.size());
    bytes_ += lines_.back().size();
    while (lines_.size() > kKeptLines || bytes_ > kKeptBytes) {
      bytes_ -= lines_.front().size();
      lines_.pop_front();
    }
  }
  void flush_() override {}

 private:
  std::deque<std::string> lines_;
  size_t bytes_ = 0;
};

std::shared_ptr<Tail>& Kept() {
  static std::shared_ptr<Tail> kept;
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
  auto kept = std::make_shared<Tail>();
  kept->set_pattern(kPattern);
  std::vector<spdlog::sink_ptr>& sinks = logger->sinks();
  if (Kept()) sinks.erase(std::remove(sinks.begin(), sinks.end(), Kept()), sinks.end());
  sinks.push_back(kept);
  Kept() = kept;
  logger->set_level(verbosity >= 2 ? spdlog::level::trace
                    : verbosity == 1 ? spdlog::level::debug
                                     : spdlog::level::info);
}

std::string JobLog() { return Kept() ? Kept()->Text() : ""; }

}  // namespace qareports::cli
