variable "name" {
  description = "Name of the cluster, service, task family, ECR repository and log group"
  type        = string
}

variable "region" {
  description = "AWS region (for the awslogs driver)"
  type        = string
}

variable "image_tag" {
  description = "Tag of the native image in the module's ECR repository to run (tags are immutable: use the git SHA)"
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
  description = "Fargate task memory in MiB"
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
  description = "Plain environment variables of the container"
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables filled from Secrets Manager: name => valueFrom (secret ARN, optionally with :json-key::)"
  type        = map(string)
}

variable "secret_arns" {
  description = "ARNs of the Secrets Manager secrets the execution role may read (the secrets referenced in var.secrets)"
  type        = list(string)
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the service logs"
  type        = number
  default     = 30
}

variable "ecr_keep_images" {
  description = "Number of images kept in the ECR repository"
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
