// The qareports binary: the real side effects handed to the command line.
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <iostream>

#include "cli/exit_code.h"
#include "cli/run.h"
#include "sys/curl_library.h"
#include "sys/stop.h"
#include "sys/sys.h"

int main(int argc, char** argv) {
  // A cancelled CI job's SIGTERM (or a Ctrl-C) asks the job to stop cleanly.
  qareports::sys::InstallStopHandlers();
  qareports::sys::SkipUnusedGnutlsStart();
  try {
    qareports::sys::RealEnvironment env;
    qareports::sys::RealFileSystem fs;
    qareports::sys::RealClock clock;
    qareports::sys::RealProcessRunner runner;
    qareports::sys::RealHttpClient http;
    qareports::sys::RealSmtpClient smtp;
    qareports::sys::RealTcpClient tcp;
    qareports::sys::Sys sys{env, fs, clock, std::filesystem::current_path().string(), runner, http,
                            ::isatty(STDOUT_FILENO) == 1, ::isatty(STDERR_FILENO) == 1 ? &std::cerr : nullptr, &smtp, &tcp};
    std::vector<std::string> args(argv + 1, argv + argc);
    return qareports::cli::Run(args, sys, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "qareports: unexpected error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "qareports: unexpected error\n";
  }
  return qareports::cli::kExitUnsafe;
}
