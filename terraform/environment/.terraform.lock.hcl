# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.
#
# The versions are pinned here and in versions.tf. The checksums are added
# by `terraform providers lock -platform=linux_amd64 -platform=linux_arm64
# -platform=darwin_arm64` on a machine that reaches registry.terraform.io
# (docs/infrastructure.md): commit what it writes.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.80.0"
  constraints = "5.80.0"
}
