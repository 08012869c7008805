// Whether an image tag exists in its registry, asked as docker does: the OCI
// distribution API's HEAD /v2/<name>/manifests/<tag> with the manifest media
// types accepted, answering a bearer-token challenge (Docker Hub's anonymous
// flow, or with credentials) or basic auth. Talks to the registry.
#pragma once

#include <string>

#include "sys/http_client.h"
#include "util/result.h"

namespace qareports::registry {

struct ImageRef {
  std::string registry;    // host[:port]; Docker Hub is registry-1.docker.io
  std::string repository;  // "squadproject/squad"; Docker Hub's official images get "library/"
  std::string tag;

  std::string ToString() const { return registry + "/" + repository + ":" + tag; }
};

// InvalidInput when `image` is not name:tag (digests are not checked).
Result<ImageRef> ParseImage(const std::string& image);

struct Credentials {
  std::string username;  // empty: anonymous
  std::string password;  // never logged
};

// Ok when the tag exists; Failed when the registry says it does not (nothing
// may be deployed); Unavailable when the registry cannot be asked.
Status CheckImage(const ImageRef& image, const Credentials& credentials, sys::HttpClient& http);

}  // namespace qareports::registry
