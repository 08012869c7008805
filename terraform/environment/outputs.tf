# Named for the manifests' values (pipelines/environments.yml,
# environments.<name>.terraform.outputs).

output "database_host" {
  description = "PostgreSQL's private name (values.database_host)."
  value       = aws_route53_record.database.fqdn
}

output "rabbitmq_host" {
  description = "RabbitMQ's private name (values.rabbitmq_host)."
  value       = aws_route53_record.broker.fqdn
}

output "storage_bucket" {
  description = "The S3 bucket for SQUAD's attachments (values.storage_bucket)."
  value       = aws_s3_bucket.storage.bucket
}
