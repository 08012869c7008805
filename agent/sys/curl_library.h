// libcurl, loaded the first time a command talks HTTP, SMTP or TCP rather
// than when the program starts: `detect`, `render` and `secrets` never map
// libcurl nor the TLS, Kerberos, LDAP and RTMP libraries it pulls in (about
// 4 MiB of resident memory, a third of what those commands use). The
// functions qareports calls, resolved once from libcurl.so.4 and
// curl_global_init'ed. Side effect: loads a shared library.
#pragma once

#include <curl/curl.h>

namespace qareports::sys {

struct CurlLibrary {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  CURLcode (*easy_perform)(CURL*);
  void (*easy_reset)(CURL*);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  CURLM* (*multi_init)();
  CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, curl_waitfd[], unsigned int, int, int*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  CURLMcode (*multi_cleanup)(CURLM*);
};

// Loads it on the first call (thread-safe). When libcurl cannot be loaded
// the process ends, saying so, with the exit code of an unavailable
// dependency: nothing has been changed by then.
const CurlLibrary& Curl();

}  // namespace qareports::sys
