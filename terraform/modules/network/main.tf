locals {
  # One /20 per AZ for private subnets, one /24 per AZ for public subnets (ALB only).
  private_subnets = [for i, _ in var.azs : cidrsubnet(var.cidr, 4, i)]
  public_subnets  = [for i, _ in var.azs : cidrsubnet(var.cidr, 8, 240 + i)]
}

# Pinned exactly: deploy-checks/data/modules/terraform-aws-modules-vpc-6.5.1.json lists this version's inputs and
# outputs (from its variables.tf and outputs.tf), and the checks hold every argument below against that list.
# 6.5.1 is the newest release that accepts the AWS provider pinned here (6.6.0 requires >= 6.28).
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.5.1"

  name = var.name
  cidr = var.cidr
  azs  = var.azs

  public_subnets  = local.public_subnets
  private_subnets = local.private_subnets

  # Dual-stack public subnets so the ALB can serve the AAAA record; private subnets stay IPv4-only.
  enable_ipv6                                   = true
  public_subnet_ipv6_prefixes                   = [for i, _ in var.azs : i]
  public_subnet_assign_ipv6_address_on_creation = true

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway

  enable_dns_hostnames = true
  enable_dns_support   = true

  # Nothing may be started in a public subnet with a public IP by accident.
  map_public_ip_on_launch = false

  enable_flow_log                                 = var.enable_flow_log
  create_flow_log_cloudwatch_log_group            = var.enable_flow_log
  create_flow_log_cloudwatch_iam_role             = var.enable_flow_log
  flow_log_cloudwatch_log_group_retention_in_days = 30

  public_subnet_tags  = { Tier = "public" }
  private_subnet_tags = { Tier = "private" }

  tags = var.tags
}
