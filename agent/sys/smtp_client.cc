#include "sys/smtp_client.h"

#include "sys/curl_library.h"
#include "sys/stop.h"

#include <cstring>

namespace qareports::sys {
namespace {

struct Conversation {
  SmtpResult* result;
  std::string message;
  size_t sent = 0;
  bool quitting = false;  // after QUIT only the transcript changes: the stages are over
};

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* c = static_cast<Conversation*>(user);
  if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT) return 0;
  std::string text(data, size);
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (line.empty()) continue;
    if (c->quitting || (type == CURLINFO_HEADER_OUT && line.rfind("QUIT", 0) == 0)) {
      c->quitting = true;
      c->result->transcript += (type == CURLINFO_HEADER_IN ? "S: " : "C: ") + line + "\n";
    } else if (type == CURLINFO_HEADER_IN) {
      c->result->got_banner = true;
      c->result->last_reply = line;
      if (c->result->failed_reply.empty() && (line[0] == '4' || line[0] == '5')) {
        c->result->failed_reply = line;
        c->result->failed_command = c->result->last_command;
      }
      c->result->transcript += "S: " + line + "\n";
    } else {
      std::string command = line.substr(0, line.find(' '));
      for (char& ch : command) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      c->result->last_command = command;
      c->result->transcript += "C: " + line + "\n";
    }
  }
  return 0;
}

size_t OnRead(char* buffer, size_t size, size_t n, void* user) {
  auto* c = static_cast<Conversation*>(user);
  size_t room = size * n, left = c->message.size() - c->sent, chunk = std::min(room, left);
  std::memcpy(buffer, c->message.data() + c->sent, chunk);
  c->sent += chunk;
  return chunk;
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

SmtpResult RealSmtpClient::Converse(const SmtpRequest& r) {
  SmtpResult result;
  Conversation conversation{&result, "", 0};
  CURL* e = Curl().easy_init();
  std::string url = "smtp://" + r.host + ":" + std::to_string(r.port) + "/qareports.invalid";
  Curl().easy_setopt(e, CURLOPT_URL, url.c_str());
  Curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  EndWhenStopped(e);
  Curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.timeout_seconds * 1000));
  Curl().easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout_seconds * 1000));
  Curl().easy_setopt(e, CURLOPT_VERBOSE, 1L);
  Curl().easy_setopt(e, CURLOPT_DEBUGFUNCTION, OnDebug);
  Curl().easy_setopt(e, CURLOPT_DEBUGDATA, &conversation);
  Curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, Discard);
  Curl().easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);  // QUIT now, in this handle's transcript
  if (r.starttls) Curl().easy_setopt(e, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (r.insecure) {
    Curl().easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    Curl().easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_slist* recipients = nullptr;
  if (!r.send_to.empty()) {
    conversation.message = "From: <" + r.mail_from + ">\r\nTo: <" + r.send_to +
                           ">\r\nSubject: qareports relay check\r\n\r\nqareports checked that this relay accepts mail.\r\n";
    recipients = Curl().slist_append(recipients, ("<" + r.send_to + ">").c_str());
    Curl().easy_setopt(e, CURLOPT_MAIL_FROM, ("<" + r.mail_from + ">").c_str());
    Curl().easy_setopt(e, CURLOPT_MAIL_RCPT, recipients);
    Curl().easy_setopt(e, CURLOPT_UPLOAD, 1L);
    Curl().easy_setopt(e, CURLOPT_READFUNCTION, OnRead);
    Curl().easy_setopt(e, CURLOPT_READDATA, &conversation);
  } else {
    // Without a mail to send libcurl would ask for HELP, which some relays refuse.
    Curl().easy_setopt(e, CURLOPT_CUSTOMREQUEST, "NOOP");
  }
  CURLcode code = Curl().easy_perform(e);
  result.code = code;
  if (code != CURLE_OK) result.error = Curl().easy_strerror(code);
  if (code == CURLE_ABORTED_BY_CALLBACK) result.error = "the job was stopped (" + StopReason() + ")";
  Curl().easy_getinfo(e, CURLINFO_RESPONSE_CODE, &result.reply);
  Curl().easy_cleanup(e);
  Curl().slist_free_all(recipients);
  return result;
}

}  // namespace qareports::sys
