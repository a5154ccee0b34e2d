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
  description = "Public host name of the API, e.g. api.flashcart.example (env.auto.tfvars)"
  type        = string
}

variable "route53_zone_id" {
  description = "ID of the public Route 53 hosted zone that contains domain_name (env.auto.tfvars)"
  type        = string
}

variable "ecr_repository_name" {
  description = "ECR repository of the native image, created by terraform/bootstrap"
  type        = string
  default     = "flashcart"
}

variable "image_tag" {
  description = "Tag of the native image to run: the git commit the release workflow pushed (passed with -var)"
  type        = string
}

variable "admin_email" {
  description = "E-mail of the first admin account, its password generated into Secrets Manager (env.auto.tfvars)"
  type        = string
}

variable "alarm_email" {
  description = "E-mail subscribed to the alarm topic, empty for none (env.auto.tfvars)"
  type        = string
  default     = ""
}

variable "deletion_protection" {
  description = "Protect the ALB and the database instances against deletion"
  type        = bool
  default     = true
}

variable "login_rate_limit" {
  description = "POST /api/v1/sessions per client address per 5 minutes before WAF answers 429"
  type        = number
  default     = 300
}

variable "task_cpu" {
  description = "Fargate CPU units per task"
  type        = number
  default     = 512
}

variable "task_memory" {
  description = "Fargate memory per task in MiB"
  type        = number
  default     = 2048
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

variable "db_multi_az" {
  description = "Run the RDS primary Multi-AZ"
  type        = bool
  default     = true
}

variable "db_allocated_storage" {
  description = "Initial RDS storage in GiB"
  type        = number
  default     = 50
}

variable "db_max_allocated_storage" {
  description = "RDS storage autoscaling limit in GiB (primary and replica)"
  type        = number
  default     = 500
}

variable "db_master_password_version" {
  description = "Raise by one to rotate the RDS master password (terraform/README.md, \"Secret rotation\")"
  type        = number
  default     = 1
}

variable "redis_node_type" {
  description = "Node type of the ElastiCache replication group"
  type        = string
  default     = "cache.r7g.large"
}

variable "redis_auth_token_update_strategy" {
  description = "How a new Redis AUTH token is applied: ROTATE, or SET to retire the old token (terraform/README.md, \"Secret rotation\")"
  type        = string
  default     = "ROTATE"
}

variable "redis_num_cache_clusters" {
  description = "Redis nodes: one primary plus replicas"
  type        = number
  default     = 3
}

variable "msk_broker_instance_type" {
  description = "Instance type of the three MSK brokers"
  type        = string
  default     = "kafka.m7g.large"
}

variable "msk_broker_volume_size" {
  description = "EBS volume of each MSK broker in GiB"
  type        = number
  default     = 100
}

variable "kafka_topic_partitions" {
  description = "Partitions of the payment-completed and order-cancelled topics"
  type        = number
  default     = 6
}
