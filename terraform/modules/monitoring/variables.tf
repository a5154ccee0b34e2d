variable "name" {
  description = "Name prefix of the topic and the alarms"
  type        = string
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (it must confirm the subscription); empty for none"
  type        = string
  default     = ""
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the ALB (dimension LoadBalancer)"
  type        = string
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the target group (dimension TargetGroup)"
  type        = string
}

variable "ecs_cluster_name" {
  description = "Name of the ECS cluster"
  type        = string
}

variable "ecs_service_name" {
  description = "Name of the ECS service"
  type        = string
}

variable "min_running_tasks" {
  description = "Alarm when fewer tasks run"
  type        = number
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the application metrics shipped by the ECS metrics sidecar"
  type        = string
}

variable "metrics_service" {
  description = "Value of the application metrics' service dimension (the ECS service name)"
  type        = string
}

variable "db_primary_identifier" {
  description = "Identifier of the RDS primary"
  type        = string
}

variable "db_replica_identifier" {
  description = "Identifier of the RDS read replica"
  type        = string
}

variable "redis_node_ids" {
  description = "Cache cluster IDs of the Redis nodes"
  type        = list(string)
}

variable "msk_cluster_name" {
  description = "Name of the MSK cluster"
  type        = string
}

variable "msk_broker_ids" {
  description = "Broker IDs of the MSK cluster"
  type        = list(string)
}

variable "alb_5xx_per_minute" {
  description = "ELB 5xx answers per minute that count as a breaching minute"
  type        = number
  default     = 5
}

variable "target_5xx_per_minute" {
  description = "Service 5xx answers per minute that count as a breaching minute"
  type        = number
  default     = 10
}

variable "outbox_lag_seconds" {
  description = "Age in seconds of the oldest unpublished outbox row that alarms (the relay's own DOWN is at 60 s)"
  type        = number
  default     = 120
}

variable "replica_lag_seconds" {
  description = "Replica lag in seconds that alarms (the service stops reading the replica beyond 2 s)"
  type        = number
  default     = 30
}

variable "db_free_storage_gib" {
  description = "Free storage in GiB under which an instance alarms"
  type        = number
  default     = 20
}

variable "db_cpu_percent" {
  description = "Average CPU over 15 minutes that alarms"
  type        = number
  default     = 80
}

variable "redis_memory_percent" {
  description = "Redis memory use that alarms"
  type        = number
  default     = 80
}

variable "msk_disk_percent" {
  description = "Kafka data volume use that alarms"
  type        = number
  default     = 80
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
