terraform {
  # use_lockfile (S3's own state locking, no DynamoDB) needs 1.10.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.80.0"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "4.0.6"
    }
  }

  # bucket, key, region, use_lockfile and encrypt come from
  # pipelines/environments.yml (terraform.backend and each layer's backend):
  # qareports passes them to `terraform init -backend-config=...`.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      "app.kubernetes.io/part-of"  = "qareports"
      "qareports.linaro.org/layer" = "shared"
    }
  }
}
