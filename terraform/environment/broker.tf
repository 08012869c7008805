# RabbitMQ, SQUAD's Celery broker, on a small EC2 instance in a private
# subnet, reachable from the cluster only, as
# rabbitmq.<environment>.qareports.internal. SQUAD connects as RabbitMQ's
# default user (SQUAD_CELERY_BROKER_URL is amqp://<host>), so the broker
# admits it from outside localhost: the security group is what keeps
# everyone else out.

data "aws_ssm_parameter" "debian" {
  name = "/aws/service/debian/release/12/latest/arm64"
}

resource "aws_security_group" "broker" {
  name        = "qareports-${var.environment}-broker"
  description = "RabbitMQ of ${var.environment}: AMQP from the cluster's pods only"
  vpc_id      = local.shared.vpc_id

  ingress {
    description = "AMQP from the cluster's pods"
    from_port   = 5672
    to_port     = 5672
    protocol    = "tcp"
    cidr_blocks = local.cluster_cidrs
  }

  egress {
    description = "Debian's package mirrors, through the NAT gateway"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "broker" {
  ami                    = data.aws_ssm_parameter.debian.value
  instance_type          = var.rabbitmq_instance_type
  subnet_id              = local.private_subnets[0]
  vpc_security_group_ids = [aws_security_group.broker.id]

  metadata_options {
    http_tokens = "required"
  }

  root_block_device {
    encrypted   = true
    volume_size = 20
  }

  user_data = <<-EOT
    #!/bin/sh
    set -e
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y rabbitmq-server
    echo 'loopback_users = none' > /etc/rabbitmq/rabbitmq.conf
    systemctl restart rabbitmq-server
  EOT

  tags = {
    Name = "qareports-${var.environment}-rabbitmq"
  }

  lifecycle {
    # A newer Debian image must not replace a running broker by surprise.
    ignore_changes = [ami]
  }
}

resource "aws_route53_record" "broker" {
  zone_id = local.shared.private_zone_id
  name    = "rabbitmq.${var.environment}.qareports.internal"
  type    = "A"
  ttl     = 60
  records = [aws_instance.broker.private_ip]
}
