#include "kube/concurrency.h"

#include <algorithm>

namespace qareports::kube {
namespace {

// An answer waited on this much longer than the fastest is queueing.
constexpr double kQueueingFactor = 2;
constexpr double kQueueingSlack = 0.005;  // seconds: scheduling noise on a near server

}  // namespace

void Concurrency::SetMax(int max) {
  max_ = std::max(1, max);
  limit_ = std::min<double>(limit_, max_);
  highest_ = std::min(highest_, max_);
}

void Concurrency::Answered(const sys::HttpResponse& answer, int in_flight) {
  ++since_cut_;
  if (answer.status == 429 || answer.status == 503) {
    ++throttled_;
    // One cut a round trip: the answers to what was sent before a cut all say so.
    if (since_cut_ >= before_cut_) {
      before_cut_ = std::max(Limit(), in_flight);
      limit_ = std::max(1.0, limit_ / 2);
      since_cut_ = 0;
      // Too many requests, of ours in flight: never again as many. A refused
      // request waits its Retry-After, which a whole batch then waits for.
      // (A 503 may be the server's own trouble: it only halves.)
      if (answer.status == 429 && in_flight > 1) ceiling_ = std::min(ceiling_, in_flight - 1);
    }
    slow_start_ = false;
    return;
  }
  if (answer.status == 0 || answer.wait_seconds < 0) return;  // no answer: nothing learnt of the server's pace
  double waited = answer.wait_seconds;
  if (fastest_ < 0 || waited < fastest_) fastest_ = waited;
  if (waited > fastest_ * kQueueingFactor + kQueueingSlack) {
    slow_start_ = false;  // the server queues: no higher for now
    return;
  }
  if (in_flight < static_cast<int>(limit_)) return;  // the limit is not in use: nothing says it could be higher
  limit_ = std::min<double>(std::min(max_, ceiling_), limit_ + (slow_start_ ? 1 : 1 / limit_));
  highest_ = std::max(highest_, Limit());
}

}  // namespace qareports::kube
