#include "commands/detect_fixture.h"

#include <iostream>

namespace qareports::testing {

std::string ConfigWithPin(const std::string& version, const std::string& extra) {
  return "squad:\n  image: squadproject/squad\n  version: \"" + version +
         "\"\nenvironments:\n  staging:\n    kube: {context: eks, namespace: qareports-staging}\n" + extra;
}

DetectFixture::DetectFixture() {
  sys_.cwd = repo_.path();
  // The config as the loader reads it, so that defaults are the real ones.
  TempDir dir;
  dir.Write("pipelines/environments.yml", ConfigWithPin("1.0"));
  Result<config::Config> c = config::Load(dir / "pipelines/environments.yml", fs_);
  if (!c.ok()) throw std::runtime_error(c.error().ToString());
  config_ = *c;
  config_.root = repo_.path();
}

Result<commands::DetectResult> DetectFixture::Detect(commands::Detect::Options options) {
  if (options.repo.empty()) options.repo = repo_.path();
  commands::Deps deps{sys_, config_, config_.environments.at("staging"), global_, std::cout, clusters_};
  return commands::Detect(deps, options).Compute();
}

Result<commands::Outcome> DetectFixture::RunDetect(commands::Detect::Options options, report::Report& report) {
  if (options.repo.empty()) options.repo = repo_.path();
  commands::Deps deps{sys_, config_, config_.environments.at("staging"), global_, std::cout, clusters_};
  return commands::Detect(deps, options).Run(report);
}

}  // namespace qareports::testing
