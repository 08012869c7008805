// A repository and config for detect's tests: the pin in
// pipelines/environments.yml at squad.version, unless a test says otherwise.
#pragma once

#include <gtest/gtest.h>

#include "commands/detect.h"
#include "config/loader.h"
#include "fakes/fake_cluster.h"
#include "fakes/fake_sys.h"
#include "fixtures/git_repo.h"

namespace qareports::testing {

std::string ConfigWithPin(const std::string& version, const std::string& extra = "");

class DetectFixture : public ::testing::Test {
 protected:
  DetectFixture();

  // Runs detect with `options` (repo defaults to the test repository).
  Result<commands::DetectResult> Detect(commands::Detect::Options options = {});
  Result<commands::Outcome> RunDetect(commands::Detect::Options options, report::Report& report);

  GitRepo repo_;
  FakeEnvironment env_;
  sys::RealFileSystem fs_;
  FakeClock clock_;
  sys::RealProcessRunner runner_;
  sys::RealHttpClient http_;
  sys::Sys sys_{env_, fs_, clock_, "", runner_, http_, false};
  config::Config config_;
  commands::GlobalOptions global_;
  FakeClusters clusters_;
};

}  // namespace qareports::testing
