variable "region" {
  description = "AWS region to deploy to"
  type        = string
  default     = "ap-northeast-2"
}

variable "environment" {
  description = "Environment name, used in resource names and tags"
  type        = string
  default     = "prod"
}

variable "azs" {
  description = "The three availability zones of the region to use"
  type        = list(string)
  default     = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"]
}

variable "vpc_cidr" {
  description = "IPv4 CIDR block of the VPC"
  type        = string
  default     = "10.20.0.0/16"
}

variable "single_nat_gateway" {
  description = "One shared NAT gateway instead of one per AZ (saves about two thirds of the NAT cost, loses AZ independence)"
  type        = bool
  default     = false
}

variable "domain_name" {
  description = "Public host name of the API, e.g. api.flashcart.example"
  type        = string
}

variable "route53_zone_id" {
  description = "ID of the public Route 53 hosted zone that contains domain_name"
  type        = string
}

variable "image_tag" {
  description = "Tag of the native image in ECR to run (the git SHA pushed by the release step)"
  type        = string
}

variable "admin_email" {
  description = "E-mail of the first admin account (its password is generated into Secrets Manager)"
  type        = string
}

variable "task_cpu" {
  description = "Fargate CPU units per task"
  type        = number
  default     = 512
}

variable "task_memory" {
  description = "Fargate memory per task in MiB"
  type        = number
  default     = 1024
}

variable "min_tasks" {
  description = "Lowest number of tasks autoscaling may run"
  type        = number
  default     = 2
}

variable "max_tasks" {
  description = "Highest number of tasks autoscaling may run"
  type        = number
  default     = 10
}

variable "db_instance_class" {
  description = "Instance class of the RDS primary"
  type        = string
  default     = "db.r6g.large"
}

variable "db_replica_instance_class" {
  description = "Instance class of the RDS read replica"
  type        = string
  default     = "db.r6g.large"
}

variable "redis_node_type" {
  description = "Node type of the ElastiCache replication group"
  type        = string
  default     = "cache.r7g.large"
}

variable "msk_broker_instance_type" {
  description = "Instance type of the MSK brokers"
  type        = string
  default     = "kafka.m7g.large"
}
