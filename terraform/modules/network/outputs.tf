output "vpc_id" {
  description = "ID of the VPC"
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC"
  value       = module.vpc.vpc_cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (ALB only)"
  value       = module.vpc.public_subnets
}

output "public_subnet_cidrs" {
  description = "IPv4 CIDR blocks of the public subnets: the only addresses the ALB connects to the tasks from"
  value       = module.vpc.public_subnets_cidr_blocks
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (ECS tasks, RDS, ElastiCache, MSK)"
  value       = module.vpc.private_subnets
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (the egress addresses of the service)"
  value       = module.vpc.nat_public_ips
}
