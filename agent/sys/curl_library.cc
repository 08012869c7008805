#include "sys/curl_library.h"

#include "sys/stop.h"

#include <cstdlib>
#include <string>

#include "sys/shared_library.h"

namespace qareports::sys {
namespace {

constexpr const char* kGnutlsNoImplicitInit = "GNUTLS_NO_IMPLICIT_INIT";
bool gnutls_start_skipped = false;

CurlLibrary Load() {
  static const SharedLibrary library("libcurl.so.4", "libcurl4");
  CurlLibrary c{};
  library.Resolve("curl_easy_init", c.easy_init);
  library.Resolve("curl_easy_setopt", c.easy_setopt);
  library.Resolve("curl_easy_getinfo", c.easy_getinfo);
  library.Resolve("curl_easy_perform", c.easy_perform);
  library.Resolve("curl_easy_reset", c.easy_reset);
  library.Resolve("curl_easy_cleanup", c.easy_cleanup);
  library.Resolve("curl_easy_strerror", c.easy_strerror);
  library.Resolve("curl_slist_append", c.slist_append);
  library.Resolve("curl_slist_free_all", c.slist_free_all);
  library.Resolve("curl_multi_init", c.multi_init);
  library.Resolve("curl_multi_setopt", c.multi_setopt);
  library.Resolve("curl_multi_add_handle", c.multi_add_handle);
  library.Resolve("curl_multi_remove_handle", c.multi_remove_handle);
  library.Resolve("curl_multi_perform", c.multi_perform);
  library.Resolve("curl_multi_poll", c.multi_poll);
  library.Resolve("curl_multi_info_read", c.multi_info_read);
  library.Resolve("curl_multi_cleanup", c.multi_cleanup);
  CURLcode (*global_init)(long) = nullptr;
  library.Resolve("curl_global_init", global_init);
  if (CURLcode rc = global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    library.Unavailable("curl_global_init failed (" + std::to_string(static_cast<int>(rc)) + ")");
  }
  return c;
}

}  // namespace

void SkipUnusedGnutlsStart() {
  if (std::getenv(kGnutlsNoImplicitInit)) return;
  gnutls_start_skipped = ::setenv(kGnutlsNoImplicitInit, "1", 0) == 0;
}

void UndoSkipUnusedGnutlsStart() {
  if (gnutls_start_skipped) ::unsetenv(kGnutlsNoImplicitInit);
}

const CurlLibrary& Curl() {
  static const CurlLibrary library = Load();
  return library;
}

namespace {

int AbortWhenStopped(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) { return StopRequested() ? 1 : 0; }

}  // namespace

void EndWhenStopped(CURL* easy) {
  Curl().easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  Curl().easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, AbortWhenStopped);
}

}  // namespace qareports::sys
