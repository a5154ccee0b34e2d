variable "name" {
  description = "Family name of the topic task definition"
  type        = string
}

variable "region" {
  description = "AWS region (for the AWS CLI and the awslogs driver)"
  type        = string
}

variable "topics" {
  description = "Topics to create: name => partitions, replication factor and topic-level configs"
  type = map(object({
    partitions         = number
    replication_factor = number
    config             = map(string)
  }))

  validation {
    condition     = alltrue([for topic in values(var.topics) : topic.replication_factor >= 3])
    error_message = "Every topic needs a replication factor of at least 3 (one copy per AZ)."
  }
}

variable "kafka_image" {
  description = "Image with the Kafka CLI under /opt/kafka/bin (pinned tag)"
  type        = string
  default     = "apache/kafka:3.8.1"
}

variable "bootstrap_brokers_tls" {
  description = "Comma-separated TLS bootstrap brokers of the MSK cluster"
  type        = string
}

variable "msk_cluster_arn" {
  description = "ARN of the MSK cluster (a new cluster re-runs the task)"
  type        = string
}

variable "ecs_cluster_arn" {
  description = "ARN of the ECS cluster the task runs in"
  type        = string
}

variable "execution_role_arn" {
  description = "ARN of an ECS task execution role that may write to log_group_name"
  type        = string
}

variable "log_group_name" {
  description = "CloudWatch log group of the task output"
  type        = string
}

variable "subnet_ids" {
  description = "IDs of the private subnets the task may run in"
  type        = list(string)
}

variable "security_group_id" {
  description = "ID of a security group the MSK security group admits on 9094 (the application's)"
  type        = string
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
