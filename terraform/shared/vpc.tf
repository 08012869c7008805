# The VPC over two availability zones: a public and a private subnet in
# each. Fargate pods, RDS and RabbitMQ live in the private subnets and reach
# out through the NAT gateway; load balancers live in the public ones. The
# tags are the ones EKS and its load balancer controller look for: eksctl
# does not tag subnets it did not make.

locals {
  cluster_tag = "kubernetes.io/cluster/${var.cluster_name}"
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "qareports"
  }
}

resource "aws_subnet" "public" {
  count                   = 2
  vpc_id                  = aws_vpc.main.id
  availability_zone       = var.availability_zones[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  map_public_ip_on_launch = true

  tags = {
    Name                     = "qareports-public-${var.availability_zones[count.index]}"
    "kubernetes.io/role/elb" = "1"
    (local.cluster_tag)      = "shared"
  }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  availability_zone = var.availability_zones[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index + 8)

  tags = {
    Name                              = "qareports-private-${var.availability_zones[count.index]}"
    "kubernetes.io/role/internal-elb" = "1"
    (local.cluster_tag)               = "shared"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = {
    Name = "qareports"
  }
}

resource "aws_eip" "nat" {
  domain = "vpc"

  tags = {
    Name = "qareports-nat"
  }
}

# One NAT gateway, in the first zone: a zone outage cuts the private
# subnets' way out (not their traffic inside the VPC), for half the cost.
resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id

  tags = {
    Name = "qareports"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "qareports-public"
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }

  tags = {
    Name = "qareports-private"
  }
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

# The private names every environment's services get
# (postgres.<environment>.qareports.internal, ...), seen only in the VPC.
resource "aws_route53_zone" "internal" {
  name = "qareports.internal"

  vpc {
    vpc_id = aws_vpc.main.id
  }
}
