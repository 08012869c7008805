variable "environment" {
  description = "The environment's name (testing, staging, production): names, DNS and tags derive from it."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.environment))
    error_message = "An environment's name is lower-case letters, digits and '-'."
  }
}

variable "region" {
  description = "The AWS region (the shared layer's)."
  type        = string
  default     = "us-east-1"
}

variable "state_bucket" {
  description = "The S3 bucket holding the shared layer's state (terraform.backend.bucket)."
  type        = string
}

variable "shared_state_key" {
  description = "The shared layer's state key."
  type        = string
  default     = "shared.tfstate"
}

variable "database_password" {
  description = "The PostgreSQL master password (CI variable QAREPORTS_<ENV>_DATABASE_PASSWORD; SQUAD's DATABASE secret uses it too)."
  type        = string
  sensitive   = true
}

variable "database_instance_class" {
  description = "The RDS instance class."
  type        = string
  default     = "db.t4g.small"
}

variable "database_storage_gb" {
  description = "The RDS instance's storage, in GiB (it grows by itself up to four times this)."
  type        = number
  default     = 50
}

variable "rabbitmq_instance_type" {
  description = "The EC2 instance type RabbitMQ runs on."
  type        = string
  default     = "t4g.small"
}
