// An environment's manifests, rendered: the files of its manifest folders in
// order, placeholders resolved from its values and secrets, overlay objects
// merged into earlier ones (JSON merge patch), namespace and the qareports
// labels added. Every problem is reported at once, with file:line. Reads
// files and, for secret values, the environment.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "manifest/document.h"
#include "sys/environment.h"
#include "sys/file_system.h"
#include "util/spill.h"

namespace qareports::manifest {

inline constexpr const char* kEnvironmentLabel = "qareports.linaro.org/environment";
inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kPartOfLabel = "app.kubernetes.io/part-of";

struct SecretSource {
  std::string variable;  // the CI variable
  bool set = false;
  std::string object;    // the Secret's name
  std::string key;       // its stringData key
};

// A render's objects kept out of memory, for a plan of thousands: each
// one's compact JSON in a Spill, only its place in memory.
struct StoredObjects {
  struct Object {
    util::Spill::Ref json;
    uint32_t file = 0;  // in `files`
    uint32_t line = 0;
  };
  util::Spill spill;
  std::vector<std::string> files;
  std::vector<Object> objects;

  Result<nlohmann::json> Tree(size_t i) const;
  std::string Source(size_t i) const;  // "k8s/base/web.yml:12"
};

struct Rendered {
  std::vector<SourcedObject> objects;  // empty when rendered into StoredObjects
  std::vector<SecretSource> secrets;   // every secret value the objects use
};

// The values ${name} resolves against: built-ins (environment, namespace,
// squad_image, squad_version, image) and the environment's values.
Result<std::map<std::string, std::string>> Values(const config::Config& config, const config::Environment& env,
                                                  const sys::FileSystem& fs);

// InvalidInput listing every problem; with `require_secrets`, also when a
// secret's variable is unset (naming every missing variable at once).
// Without it, secret values are left empty. With `store`, the objects go
// there rather than into Rendered::objects.
Result<Rendered> Render(const config::Config& config, const config::Environment& env, const sys::FileSystem& fs,
                        const sys::Environment& vars, bool require_secrets, StoredObjects* store = nullptr);

// Renders `paths` (folders or files under the config's root) the same way,
// for manifests applied on their own (the migration Job, probes).
Result<Rendered> RenderPaths(const std::vector<std::string>& paths, const config::Config& config,
                             const config::Environment& env, const sys::FileSystem& fs, const sys::Environment& vars,
                             bool require_secrets, StoredObjects* store = nullptr);

// The object with every Secret value replaced by a note, for printing.
nlohmann::json Masked(const SourcedObject& object, const std::vector<SecretSource>& secrets);

bool IsClusterScoped(const std::string& kind);

}  // namespace qareports::manifest
