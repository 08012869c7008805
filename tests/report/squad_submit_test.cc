// Submitting a test run: what is sent, and which answers are retried.
#include "report/squad_submit.h"

#include <gtest/gtest.h>

#include <deque>

#include "fakes/fake_sys.h"
#include "sys/stop.h"

namespace qareports::report {
namespace {

class ScriptedHttp : public testing::FakeHttp {
 public:
  std::deque<sys::HttpResponse> answers;
  std::vector<sys::HttpRequest> sent;
  sys::HttpResponse Send(const sys::HttpRequest& request) override {
    sent.push_back(request);
    sys::HttpResponse r = answers.front();
    if (answers.size() > 1) answers.pop_front();
    return r;
  }
};

sys::HttpResponse Answer(int status, const std::string& body) {
  sys::HttpResponse r;
  r.status = status;
  r.body = body;
  return r;
}

sys::HttpResponse Refused() {
  sys::HttpResponse r;
  r.transport_code = 7;
  r.transport_error = "Couldn't connect to server";
  return r;
}

const SquadTarget kTarget{"https://qa-reports.example.org", "qa-reports", "deploys", "1.90", "staging", "t0ken"};

TEST(SquadSubmitTest, PostsMultipartToTheSubmitUrlWithTheToken) {
  ScriptedHttp http;
  http.answers = {Answer(201, "17\n")};
  testing::FakeClock clock;
  SubmitOutcome out = SubmitTestRun(http, clock, kTarget, {{"tests", "{}", "", ""}});
  EXPECT_TRUE(out.ok);
  EXPECT_EQ(out.test_run, "17");
  ASSERT_EQ(http.sent.size(), 1u);
  const sys::HttpRequest& r = http.sent[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://qa-reports.example.org/api/submit/qa-reports/deploys/1.90/staging");
  bool token = false, multipart = false;
  for (const auto& [name, value] : r.headers) {
    token |= name == "Auth-Token" && value == "t0ken";
    multipart |= name == "Content-Type" && value.rfind("multipart/form-data; boundary=", 0) == 0;
  }
  EXPECT_TRUE(token);
  EXPECT_TRUE(multipart);
}

TEST(SquadSubmitTest, ServerErrorsAndRefusedConnectionsAreRetriedThreeTimesAtMost) {
  ScriptedHttp http;
  http.answers = {Answer(503, "busy"), Refused(), Answer(201, "")};
  testing::FakeClock clock;
  SubmitOutcome out = SubmitTestRun(http, clock, kTarget, {});
  EXPECT_TRUE(out.ok);
  EXPECT_EQ(out.attempts, 3);
  EXPECT_EQ(out.test_run, "");
  EXPECT_DOUBLE_EQ(clock.slept, 6);  // 2 s, then 4 s

  http.answers = {Answer(502, "<html><body><h1>502 Bad Gateway</h1>\n</body></html>")};
  out = SubmitTestRun(http, clock, kTarget, {});
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.attempts, 3);
  EXPECT_EQ(out.status, 502);
  EXPECT_EQ(out.message, "502 Bad Gateway");
}

TEST(SquadSubmitTest, RefusalsAreNotRetriedAndSaySquadsWords) {
  ScriptedHttp http;
  http.answers = {Answer(400, "There is already a test run with job_id 7-staging-plan\n")};
  testing::FakeClock clock;
  SubmitOutcome out = SubmitTestRun(http, clock, kTarget, {});
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.attempts, 1);
  EXPECT_EQ(out.status, 400);
  EXPECT_EQ(out.message, "There is already a test run with job_id 7-staging-plan");
  EXPECT_DOUBLE_EQ(clock.slept, 0);
}

TEST(SquadSubmitTest, ARetryToldTheJobIdIsTakenAfterAnUnansweredTryCountsAsLanded) {
  // SQUAD made the test run before the proxy gave up on it (504), or before
  // the connection dropped: the retry finds it.
  ScriptedHttp http;
  http.answers = {Answer(504, "<h1>504 Gateway Time-out</h1>"),
                  Answer(400, "There is already a test run with job_id 7-staging-plan")};
  testing::FakeClock clock;
  SubmitOutcome out = SubmitTestRun(http, clock, kTarget, {});
  EXPECT_TRUE(out.ok);
  EXPECT_TRUE(out.landed_earlier);
  EXPECT_EQ(out.attempts, 2);

  http.answers = {Refused(), Answer(400, "There is already a test run with job_id 7-staging-plan")};
  out = SubmitTestRun(http, clock, kTarget, {});
  EXPECT_TRUE(out.ok);
  EXPECT_TRUE(out.landed_earlier);

  // Other refusals of a retry are still refusals.
  http.answers = {Answer(500, ""), Answer(400, "tests is not valid JSON: Expecting value")};
  out = SubmitTestRun(http, clock, kTarget, {});
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.status, 400);
}

TEST(SquadSubmitTest, AStoppedJobDoesNotRetry) {
  ScriptedHttp http;
  http.answers = {Answer(503, "busy")};
  testing::FakeClock clock;
  sys::RequestStop("SIGTERM (test)");
  SubmitOutcome out = SubmitTestRun(http, clock, kTarget, {});
  sys::ClearStop();
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.attempts, 1);
}

TEST(SquadSubmitTest, PathSegmentsAreEscaped) {
  SquadTarget t = kTarget;
  t.build = "1.90 rc";
  EXPECT_EQ(SubmitUrl(t), "https://qa-reports.example.org/api/submit/qa-reports/deploys/1.90%20rc/staging");
}

}  // namespace
}  // namespace qareports::report
