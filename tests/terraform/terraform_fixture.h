// The fixture layers of tests/fixtures/terraform (built-in terraform_data
// resources and a local backend: they stand in for the AWS layers) copied
// into a temporary directory, with their state files beside them, and a
// driver over the real terraform. Tests skip, saying why, where no
// terraform is installed.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "fixtures/build_paths.h"
#include "fixtures/process.h"
#include "fixtures/temp_dir.h"
#include "terraform/driver.h"

namespace qareports::testing {

inline constexpr const char* kTerraformSecret = "tf-secret-Zq8";

class TerraformFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HasProgram("terraform")) GTEST_SKIP() << "terraform is not installed: the driver's tests need Terraform 1.5+";
    std::filesystem::copy(std::string(QAREPORTS_SOURCE_DIR) + "/tests/fixtures/terraform", dir_.path() + "/layers",
                          std::filesystem::copy_options::recursive);
  }

  terraform::Layer Shared() const {
    return {"shared", dir_ / "layers/shared", {{"path", dir_ / "shared.tfstate"}}, {}};
  }
  terraform::Layer Environment(std::map<std::string, std::string> vars = {}) const {
    vars.emplace("environment", "staging");
    vars.emplace("database_password", kTerraformSecret);
    return {"staging", dir_ / "layers/environment", {{"path", dir_ / "staging.tfstate"}}, vars};
  }
  terraform::Settings Settings() const {
    terraform::Settings s;
    s.plugin_cache = dir_ / "plugin-cache";
    s.secrets = {kTerraformSecret};
    return s;
  }

  TempDir dir_;
};

}  // namespace qareports::testing
