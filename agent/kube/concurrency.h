// How many requests to one API server are in flight at once, adapted to
// how it answers: raised while answers come as fast as the fastest seen
// (doubling each round trip at first, then one a round trip), held when they
// slow down (requests queue at the server), halved when the server says it
// is too busy (429, or 503, as the API server's priority-and-fairness
// answers with Retry-After; the rejected request itself is retried after
// it), and after a 429 never again raised to as many as were in flight.
// Never above the environment's `kube.max_requests_in_flight`, never below
// one; raised only while the limit is in use.
#pragma once

#include "sys/http_client.h"

namespace qareports::kube {

class Concurrency : public sys::Pacer {
 public:
  static constexpr int kDefaultMax = 32;
  static constexpr int kStart = 8;

  explicit Concurrency(int max = kDefaultMax) { SetMax(max); }
  void SetMax(int max);

  int Limit() const override { return static_cast<int>(limit_); }
  void Answered(const sys::HttpResponse& answer, int in_flight) override;

  int max() const { return max_; }
  int highest() const { return highest_; }  // the highest limit reached
  int throttled() const { return throttled_; }  // answers that said the server is too busy

 private:
  int max_ = kDefaultMax;
  double limit_ = kStart;
  int highest_ = kStart;
  bool slow_start_ = true;
  double fastest_ = -1;    // seconds from request to answer, the fastest seen
  int since_cut_ = 0;      // answers since the limit was last lowered
  int before_cut_ = 0;     // requests in flight then
  int ceiling_ = 1 << 30;  // below what the server refused
  int throttled_ = 0;
};

}  // namespace qareports::kube
