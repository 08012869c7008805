#include "sys/curl_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace qareports::sys {
namespace {

constexpr int kUnavailable = 69;  // cli/exit_code.h: a dependency is unavailable
constexpr const char* kGnutlsNoImplicitInit = "GNUTLS_NO_IMPLICIT_INIT";
bool gnutls_start_skipped = false;

[[noreturn]] void Unavailable(const std::string& what) {
  std::fprintf(stderr, "error: cannot load libcurl (libcurl.so.4, Debian's libcurl4): %s\n", what.c_str());
  std::exit(kUnavailable);
}

template <typename F>
void Resolve(void* handle, const char* name, F& into) {
  void* symbol = dlsym(handle, name);
  if (!symbol) Unavailable(std::string(name) + " is missing");
  into = reinterpret_cast<F>(symbol);
}

CurlLibrary Load() {
  void* handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!handle) Unavailable(dlerror());
  CurlLibrary c{};
  Resolve(handle, "curl_easy_init", c.easy_init);
  Resolve(handle, "curl_easy_setopt", c.easy_setopt);
  Resolve(handle, "curl_easy_getinfo", c.easy_getinfo);
  Resolve(handle, "curl_easy_perform", c.easy_perform);
  Resolve(handle, "curl_easy_reset", c.easy_reset);
  Resolve(handle, "curl_easy_cleanup", c.easy_cleanup);
  Resolve(handle, "curl_easy_strerror", c.easy_strerror);
  Resolve(handle, "curl_slist_append", c.slist_append);
  Resolve(handle, "curl_slist_free_all", c.slist_free_all);
  Resolve(handle, "curl_multi_init", c.multi_init);
  Resolve(handle, "curl_multi_setopt", c.multi_setopt);
  Resolve(handle, "curl_multi_add_handle", c.multi_add_handle);
  Resolve(handle, "curl_multi_remove_handle", c.multi_remove_handle);
  Resolve(handle, "curl_multi_perform", c.multi_perform);
  Resolve(handle, "curl_multi_poll", c.multi_poll);
  Resolve(handle, "curl_multi_info_read", c.multi_info_read);
  Resolve(handle, "curl_multi_cleanup", c.multi_cleanup);
  CURLcode (*global_init)(long) = nullptr;
  Resolve(handle, "curl_global_init", global_init);
  if (CURLcode rc = global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    Unavailable("curl_global_init failed (" + std::to_string(static_cast<int>(rc)) + ")");
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

}  // namespace qareports::sys
