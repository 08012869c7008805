// multipart/form-data bodies, read back by a real parser: cpp-httplib's
// server on loopback, posted to with the agent's libcurl client.
#include "util/multipart.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "sys/http_client.h"

namespace qareports::util {
namespace {

TEST(MultipartTest, AServerReadsBackEveryFieldAndFileAsSent) {
  httplib::Server server;
  httplib::MultipartFormDataMap received;
  server.set_keep_alive_max_count(1);  // stop() need not wait for the idle connection
  server.Post("/submit", [&](const httplib::Request& req, httplib::Response& res) {
    received = req.files;
    res.status = 201;
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  // Contents that look like the syntax: line breaks, dashes, a boundary-like line.
  std::string binary("\x00\xff\r\n--\r\n--qareports-boundary-0\r\n", 32);
  std::vector<FormPart> parts = {{"tests", R"({"deploy/apply": "pass"})", "", ""},
                                 {"log", "info: one\r\ninfo: two\n", "qareports.log", "text/plain"},
                                 {"attachment", binary, "we\"ird\nname.bin", ""},
                                 {"attachment", "<testsuites/>", "junit.xml", "application/xml"}};
  MultipartBody body = EncodeMultipart(parts);
  sys::RealHttpClient http;
  sys::HttpRequest request;
  request.method = "POST";
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/submit";
  request.headers = {{"Content-Type", body.content_type}};
  request.body = body.body;
  sys::HttpResponse r = http.Send(request);
  server.stop();
  thread.join();

  ASSERT_EQ(r.status, 201) << r.transport_error;
  ASSERT_EQ(received.size(), 4u);
  EXPECT_EQ(received.find("tests")->second.content, R"({"deploy/apply": "pass"})");
  EXPECT_EQ(received.find("tests")->second.filename, "");
  EXPECT_EQ(received.find("log")->second.content, "info: one\r\ninfo: two\n");
  EXPECT_EQ(received.find("log")->second.filename, "qareports.log");
  EXPECT_EQ(received.find("log")->second.content_type, "text/plain");
  auto attachments = received.equal_range("attachment");
  std::vector<std::pair<std::string, std::string>> files;
  for (auto it = attachments.first; it != attachments.second; ++it) files.emplace_back(it->second.filename, it->second.content);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].second, binary);
  EXPECT_EQ(files[0].first, "we%22ird%0Aname.bin") << "a quote or line break cannot end the header";
  EXPECT_EQ(files[1], std::make_pair(std::string("junit.xml"), std::string("<testsuites/>")));
}

TEST(MultipartTest, TheBoundaryIsInNoPart) {
  auto boundary = [](const MultipartBody& b) { return b.content_type.substr(b.content_type.find("boundary=") + 9); };
  EXPECT_EQ(boundary(EncodeMultipart({{"a", "x", "", ""}})), "qareports-boundary-0");
  MultipartBody body = EncodeMultipart({{"a", "--qareports-boundary-0", "", ""}, {"b", "qareports-boundary-1\r\n", "f", ""}});
  EXPECT_EQ(boundary(body), "qareports-boundary-2");
  EXPECT_EQ(body.body.substr(body.body.size() - 26), "--qareports-boundary-2--\r\n");
}

}  // namespace
}  // namespace qareports::util
