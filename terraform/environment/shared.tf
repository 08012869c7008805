# What the shared layer made: the VPC, its subnets, the private zone.
data "terraform_remote_state" "shared" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = var.shared_state_key
    region = var.region
  }
}

locals {
  shared          = data.terraform_remote_state.shared.outputs
  private_subnets = [local.shared.private_subnet_a, local.shared.private_subnet_b]
  # Fargate pods take their addresses in the private subnets: only they
  # (the cluster) are admitted to the database and the broker.
  cluster_cidrs = local.shared.private_subnet_cidrs
  production    = var.environment == "production"
}
