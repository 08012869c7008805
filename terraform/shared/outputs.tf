# Named for what k8s/cluster.yml and the environment layer take.

output "vpc_id" {
  description = "The VPC the cluster, RDS and RabbitMQ run in."
  value       = aws_vpc.main.id
}

output "vpc_cidr" {
  description = "The VPC's address range."
  value       = aws_vpc.main.cidr_block
}

output "private_subnet_a" {
  description = "The private subnet of the first availability zone."
  value       = aws_subnet.private[0].id
}

output "private_subnet_b" {
  description = "The private subnet of the second availability zone."
  value       = aws_subnet.private[1].id
}

output "public_subnet_a" {
  description = "The public subnet of the first availability zone."
  value       = aws_subnet.public[0].id
}

output "public_subnet_b" {
  description = "The public subnet of the second availability zone."
  value       = aws_subnet.public[1].id
}

output "private_subnet_cidrs" {
  description = "Where Fargate pods get their addresses: what the environments' security groups admit."
  value       = aws_subnet.private[*].cidr_block
}

output "availability_zone_a" {
  description = "The first availability zone."
  value       = var.availability_zones[0]
}

output "availability_zone_b" {
  description = "The second availability zone."
  value       = var.availability_zones[1]
}

output "private_zone_id" {
  description = "The Route 53 private zone qareports.internal."
  value       = aws_route53_zone.internal.zone_id
}

output "smtp_relay_policy_arn" {
  description = "The SMTP relay's SES policy, attached to its service account's role by eksctl."
  value       = aws_iam_policy.smtp_relay.arn
}

output "ci_role_arn" {
  description = "The role pipelines assume (AWS_ROLE_ARN in CI)."
  value       = aws_iam_role.ci.arn
}
