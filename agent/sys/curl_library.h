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

// Makes a blocking easy_perform on `easy` end (CURLE_ABORTED_BY_CALLBACK)
// within about a second of the job being stopped (sys/stop.h).
void EndWhenStopped(CURL* easy);

// libcurl links GnuTLS (through librtmp and libldap), and GnuTLS initialises
// itself as soon as it is loaded: about 0.8 MiB of resident memory that
// qareports, whose libcurl speaks OpenSSL, never uses. GnuTLS leaves that
// out when GNUTLS_NO_IMPLICIT_INIT=1, and a library that does use it calls
// gnutls_global_init itself. Call first thing in main, before any thread
// (setenv is not thread-safe); does nothing when the variable is already set.
void SkipUnusedGnutlsStart();
// In a child process, before exec: the environment as qareports found it.
void UndoSkipUnusedGnutlsStart();

}  // namespace qareports::sys
