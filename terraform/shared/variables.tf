variable "region" {
  description = "The AWS region everything runs in (k8s/cluster.yml's metadata.region)."
  type        = string
  default     = "us-east-1"
}

variable "cluster_name" {
  description = "The EKS cluster's name (k8s/cluster.yml's metadata.name): the subnets are tagged for it."
  type        = string
  default     = "qareports"
}

variable "vpc_cidr" {
  description = "The VPC's address range; each subnet takes a /20 of it."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "The two availability zones the subnets span (the first one holds the NAT gateway)."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]

  validation {
    condition     = length(var.availability_zones) == 2
    error_message = "Give exactly two availability zones."
  }
}

variable "allowed_senders" {
  description = "The only addresses the SMTP relay may send as (every environment's email_from but dev's)."
  type        = list(string)
  default     = ["noreply@qa-reports.linaro.org"]
}

variable "gitlab_url" {
  description = "The GitLab instance whose pipelines may assume the CI role (its OIDC issuer)."
  type        = string
  default     = "https://gitlab.com"
}

variable "gitlab_project_path" {
  description = "The project (group/name) whose protected branches and tags may assume the CI role."
  type        = string
  default     = "Linaro/qa-reports"
}
