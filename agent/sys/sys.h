// The side effects a command may have, bundled (after leveldb's Env): main()
// hands the real ones to the command line; tests hand fakes.
#pragma once

#include "sys/clock.h"
#include "sys/environment.h"
#include "sys/file_system.h"
#include "sys/http_client.h"
#include "sys/process_runner.h"
#include "sys/smtp_client.h"
#include "sys/tcp_client.h"

#include <ostream>

namespace qareports::sys {

struct Sys {
  const Environment& env;
  FileSystem& fs;
  const Clock& clock;
  std::string cwd;  // the working directory commands resolve relative paths from
  ProcessRunner& runner;
  HttpClient& http;
  bool color = false;  // stdout is a terminal: colour what is printed there
  std::ostream* live = nullptr;  // stderr when it is a terminal: where a live progress line goes
  SmtpClient* smtp = nullptr;    // null where no mail server may be talked to
  TcpClient* tcp = nullptr;      // null where no connection may be made
};

}  // namespace qareports::sys
