// The memory floor of the HTTP stack qareports must use: one HTTPS GET
// through Debian's libcurl (OpenSSL), in C and in C++ with the libraries
// every qareports command loads (libstdc++, yaml-cpp, spdlog). Built and run
// by bench/floor_run; usage: https_floor URL CA_FILE.
#include <curl/curl.h>

#ifdef WITH_CXX_LIBRARIES
#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <string>
#endif

static size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

int main(int argc, char** argv) {
  if (argc < 3) return 64;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_URL, argv[1]);
  curl_easy_setopt(e, CURLOPT_CAINFO, argv[2]);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, Discard);
  CURLcode code = curl_easy_perform(e);
  curl_easy_cleanup(e);
#ifdef WITH_CXX_LIBRARIES
  YAML::Node node = YAML::Load("status: " + std::to_string(code));
  spdlog::info("answered: {}", node["status"].as<std::string>());
#endif
  return code == CURLE_OK ? 0 : 1;
}
