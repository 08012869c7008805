// libcurl's client and the job's stop (sys/stop.h) against a real HTTP
// server on loopback (cpp-httplib's) whose one route never answers in time:
// a stop ends a request that was in flight, and a request made during the
// cleanup that follows is cut to the cleanup's time.
#include "sys/http_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "sys/stop.h"

namespace qareports::sys {
namespace {

class HttpStopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.set_keep_alive_max_count(1);
    server_.Get("/hang", [this](const httplib::Request&, httplib::Response& res) {
      for (int i = 0; i < 400 && !closing_.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      res.set_content("late", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([&] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  void TearDown() override {
    ClearStop();
    closing_ = true;
    server_.stop();
    thread_.join();
  }
  HttpRequest Hang() const {
    HttpRequest r;
    r.url = "http://127.0.0.1:" + std::to_string(port_) + "/hang";
    r.timeout_seconds = 20;
    return r;
  }

  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> closing_{false};
  int port_ = 0;
};

TEST_F(HttpStopTest, ASigtermEndsTheRequestInFlight) {
  RealHttpClient http;
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    RequestStop("SIGTERM (test)");
  });
  HttpResponse r = http.Send(Hang());
  stopper.join();
  EXPECT_TRUE(r.job_stopped) << r.status << " " << r.transport_error;
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.transport_error.find("the job was stopped (SIGTERM (test))"), std::string::npos) << r.transport_error;
}

TEST_F(HttpStopTest, TheDeadlineStopsTheWorkAndBoundsTheCleanupsRequests) {
  RealHttpClient http;
  SetDeadline(0.9);  // the work until 0.6 s, the cleanup until 0.9 s
  HttpResponse work = http.Send(Hang());
  EXPECT_TRUE(work.job_stopped) << work.status << " " << work.transport_error;
  EXPECT_TRUE(StopRequested());
  EXPECT_NE(StopReason().find("--timeout"), std::string::npos) << StopReason();
  HttpResponse cleanup = http.Send(Hang());  // made after the stop: not ended by it, but bounded
  EXPECT_FALSE(cleanup.job_stopped);
  EXPECT_TRUE(cleanup.timed_out) << cleanup.status << " " << cleanup.transport_error;
}

// After a stop, a request may take a third of what is left of the cleanup
// (so that one that hangs can be sent again), a stream all of it.
TEST_F(HttpStopTest, ACleanupRequestGetsAThirdOfWhatIsLeftAndAStreamAllOfIt) {
  EXPECT_EQ(RequestSecondsAllowed(20), 20) << "no stop: the request's own timeout";
  EXPECT_EQ(RequestSecondsAllowed(0), 0) << "no stop: a stream has none";
  RequestStop("SIGTERM (test)");
  double left = CleanupSecondsLeft();
  EXPECT_GT(left, 6.5);
  EXPECT_LE(RequestSecondsAllowed(20), left / 3);
  EXPECT_GT(RequestSecondsAllowed(20), left / 3 - 0.5);
  EXPECT_EQ(RequestSecondsAllowed(1), 1) << "a shorter timeout stands";
  EXPECT_GT(RequestSecondsAllowed(0), left - 0.5) << "a stream: all that is left";
  RealHttpClient http;
  HttpResponse cleanup = http.Send(Hang());
  EXPECT_TRUE(cleanup.timed_out) << cleanup.status << " " << cleanup.transport_error;
  EXPECT_GT(CleanupSecondsLeft(), left / 2) << "the hanging request left time for others";
}

}  // namespace
}  // namespace qareports::sys
