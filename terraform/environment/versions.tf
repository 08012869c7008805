terraform {
  # use_lockfile (S3's own state locking, no DynamoDB) needs 1.10.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.80.0"
    }
  }

  # One state per environment (key environments/<name>.tfstate), from
  # pipelines/environments.yml through `terraform init -backend-config=...`.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      "app.kubernetes.io/part-of"        = "qareports"
      "qareports.linaro.org/environment" = var.environment
    }
  }
}
