variable "environment" {
  description = "Environment name (prod, staging): part of every resource name and tag"
  type        = string
}

variable "region" {
  description = "AWS region of the environment"
  type        = string
}

variable "azs" {
  description = "The three availability zones to use; null for the region's zones a, b and c"
  type        = list(string)
  default     = null
}

variable "vpc_cidr" {
  description = "IPv4 CIDR block of the VPC"
  type        = string
}

variable "single_nat_gateway" {
  description = "One shared NAT gateway instead of one per AZ (cheaper, but an AZ outage cuts egress for all)"
  type        = bool
}

variable "domain_name" {
  description = "Public host name of the API, e.g. api.flashcart.example"
  type        = string
}

variable "route53_zone_id" {
  description = "ID of the public Route 53 hosted zone that contains domain_name"
  type        = string
}

variable "ecr_repository_name" {
  description = "ECR repository of the native image (terraform/bootstrap creates it)"
  type        = string
  default     = "flashcart"
}

variable "image_tag" {
  description = "Tag of the native image to run (the git commit the release workflow built)"
  type        = string
}

variable "admin_email" {
  description = "E-mail of the first admin account (its password is generated into Secrets Manager)"
  type        = string
}

variable "alarm_email" {
  description = "E-mail subscribed to the alarm topic; empty for none"
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
}

variable "min_tasks" {
  description = "Lowest number of tasks autoscaling may run (also the first deploy's count)"
  type        = number
  default     = 2

  validation {
    condition     = var.min_tasks >= 2
    error_message = "Run at least two tasks: a rolling deploy or a lost task must never leave the service empty."
  }
}

variable "max_tasks" {
  description = "Highest number of tasks autoscaling may run"
  type        = number
}

variable "db_instance_class" {
  description = "Instance class of the RDS primary"
  type        = string
}

variable "db_replica_instance_class" {
  description = "Instance class of the RDS read replica"
  type        = string
}

variable "db_multi_az" {
  description = "Run the RDS primary Multi-AZ"
  type        = bool
}

variable "db_allocated_storage" {
  description = "Initial RDS storage in GiB"
  type        = number
}

variable "db_max_allocated_storage" {
  description = "RDS storage autoscaling limit in GiB (primary and replica)"
  type        = number
}

variable "db_master_password_version" {
  description = "Raise by one to rotate the RDS master password (terraform/README.md, \"Secret rotation\")"
  type        = number
  default     = 1
}

variable "redis_node_type" {
  description = "Node type of the ElastiCache replication group"
  type        = string
}

variable "redis_auth_token_update_strategy" {
  description = "How a new Redis AUTH token is applied: ROTATE (old and new valid) or SET (retires the old one)"
  type        = string
  default     = "ROTATE"
}

variable "redis_num_cache_clusters" {
  description = "Redis nodes: one primary plus replicas (at least 2 for automatic failover)"
  type        = number
}

variable "msk_broker_instance_type" {
  description = "Instance type of the three MSK brokers"
  type        = string
}

variable "msk_broker_volume_size" {
  description = "EBS volume of each MSK broker in GiB"
  type        = number
}

variable "kafka_topic_partitions" {
  description = "Partitions of the payment-completed and order-cancelled topics"
  type        = number
  default     = 6
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
