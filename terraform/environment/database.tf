# SQUAD's PostgreSQL (RDS), reachable from the cluster only, as
# postgres.<environment>.qareports.internal.

resource "aws_security_group" "database" {
  name        = "qareports-${var.environment}-database"
  description = "PostgreSQL of ${var.environment}: from the cluster's pods only"
  vpc_id      = local.shared.vpc_id

  ingress {
    description = "PostgreSQL from the cluster's pods"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = local.cluster_cidrs
  }
}

resource "aws_db_subnet_group" "database" {
  name       = "qareports-${var.environment}"
  subnet_ids = local.private_subnets
}

resource "aws_db_instance" "database" {
  identifier                 = "qareports-${var.environment}"
  engine                     = "postgres"
  engine_version             = "16"
  auto_minor_version_upgrade = true
  instance_class             = var.database_instance_class
  allocated_storage          = var.database_storage_gb
  max_allocated_storage      = var.database_storage_gb * 4
  storage_encrypted          = true
  db_name                    = "qareports"
  username                   = "qareports"
  password                   = var.database_password
  db_subnet_group_name       = aws_db_subnet_group.database.name
  vpc_security_group_ids     = [aws_security_group.database.id]
  publicly_accessible        = false
  multi_az                   = local.production
  backup_retention_period    = local.production ? 14 : 3
  deletion_protection        = local.production
  skip_final_snapshot        = !local.production
  final_snapshot_identifier  = local.production ? "qareports-${var.environment}-final" : null
}

resource "aws_route53_record" "database" {
  zone_id = local.shared.private_zone_id
  name    = "postgres.${var.environment}.qareports.internal"
  type    = "CNAME"
  ttl     = 60
  records = [aws_db_instance.database.address]
}
