variable "name" {
  description = "Name of the cluster, service, task family and log group"
  type        = string
}

variable "region" {
  description = "AWS region (for the awslogs driver, the metrics exporter and the AWS CLI)"
  type        = string
}

variable "ecr_repository_name" {
  description = "Name of the ECR repository holding the native image (created by terraform/bootstrap)"
  type        = string
}

variable "image_tag" {
  description = "Tag of the native image to run: the git commit the release workflow built (tags are immutable)"
  type        = string
}

variable "container_port" {
  description = "Port the application listens on"
  type        = number
  default     = 8080
}

variable "liveness_path" {
  description = "Path of the liveness probe used by the container health check"
  type        = string
  default     = "/q/health/live"
}

variable "cpu" {
  description = "Fargate task CPU units (1024 = 1 vCPU)"
  type        = number
  default     = 512
}

variable "memory" {
  description = "Fargate task memory in MiB (the application's heap is 60 % of what the metrics sidecar leaves)"
  type        = number
  default     = 1024
}

variable "stop_timeout" {
  description = "Seconds ECS waits after SIGTERM before SIGKILL (must exceed quarkus.shutdown.timeout of 25 s)"
  type        = number
  default     = 30

  validation {
    condition     = var.stop_timeout >= 30 && var.stop_timeout <= 120
    error_message = "stop_timeout must be between 30 and 120 seconds."
  }
}

variable "desired_count" {
  description = "Number of tasks started by the first deploy (autoscaling takes over afterwards)"
  type        = number
  default     = 2
}

variable "min_capacity" {
  description = "Lowest number of tasks autoscaling may run"
  type        = number
  default     = 2
}

variable "max_capacity" {
  description = "Highest number of tasks autoscaling may run"
  type        = number
  default     = 10
}

variable "cpu_target_percent" {
  description = "Average CPU utilisation autoscaling keeps the service at"
  type        = number
  default     = 60
}

variable "requests_per_target" {
  description = "ALB requests per task per minute autoscaling keeps the service at"
  type        = number
  default     = 3000
}

variable "private_subnet_ids" {
  description = "IDs of the private subnets the tasks run in"
  type        = list(string)
}

variable "security_group_id" {
  description = "ID of the application security group"
  type        = string
}

variable "target_group_arn" {
  description = "ARN of the ALB target group the tasks register in"
  type        = string
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the ALB (request-count scaling)"
  type        = string
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the target group (request-count scaling)"
  type        = string
}

variable "environment" {
  description = "Plain environment variables of the application container"
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables of the application container filled from Secrets Manager: name => secret ARN, optionally with :json-key::"
  type        = map(string)
}

variable "secret_arns" {
  description = "ARNs of the secrets the service's execution role may read: exactly those referenced in var.secrets"
  type        = list(string)
}

variable "migration_environment" {
  description = "Plain environment variables of the migration task (QUARKUS_INIT_AND_EXIT, FLASHCART_DB_MIGRATE_AT_START ...)"
  type        = map(string)
}

variable "migration_secrets" {
  description = "Environment variables of the migration task filled from Secrets Manager"
  type        = map(string)
}

variable "migration_secret_arns" {
  description = "ARNs of the secrets the migration task's execution role may read: exactly those in var.migration_secrets"
  type        = list(string)
}

variable "migrate_after" {
  description = "Any value that changes when the migration must run again or wait (the database users' readiness)"
  type        = string
}

variable "redeploy_on_rotation_of" {
  description = "ARNs of secrets whose successful rotation forces a new deployment of the service"
  type        = list(string)
  default     = []
}

variable "adot_image" {
  description = "AWS Distro for OpenTelemetry collector image of the metrics sidecar (pinned tag)"
  type        = string
  default     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0"
}

variable "metrics_namespace" {
  description = "CloudWatch namespace the metrics sidecar writes to"
  type        = string
  default     = "Flashcart"
}

variable "metrics_name_regex" {
  description = "Prometheus metric names shipped to CloudWatch (each one is a billed custom metric)"
  type        = string
  default     = "flashcart_outbox_.*"
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the service logs"
  type        = number
  default     = 30
}

variable "metrics_log_retention_days" {
  description = "Days CloudWatch keeps the embedded-metric log lines (the metrics themselves are kept 15 months)"
  type        = number
  default     = 7
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
