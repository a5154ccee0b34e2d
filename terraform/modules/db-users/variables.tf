variable "name" {
  description = "Name prefix of the secrets, the task and the rotation function"
  type        = string
}

variable "region" {
  description = "AWS region (Secrets Manager endpoint of the rotation function, awslogs driver)"
  type        = string
}

variable "db_host" {
  description = "Host name of the primary instance"
  type        = string
}

variable "db_port" {
  description = "MySQL port"
  type        = number
}

variable "db_name" {
  description = "Application database the users get privileges on"
  type        = string
}

variable "master_username" {
  description = "Master user name"
  type        = string
}

variable "master_secret_arn" {
  description = "ARN of the master secret (rotation functions layout; masterarn of the user secrets)"
  type        = string
}

variable "app_username" {
  description = "MySQL user of the service (DML only); rotation alternates it with <name>_clone"
  type        = string
  default     = "flashcart_app"
}

variable "migrator_username" {
  description = "MySQL user of the migration task (owns the schema); rotation alternates it with <name>_clone"
  type        = string
  default     = "flashcart_migrator"
}

variable "ca_bundle_url" {
  description = "RDS CA bundle the users task verifies the server certificate with"
  type        = string
}

variable "mysql_image" {
  description = "Image with bash, curl and the MySQL 8.4 client (Docker official image, through ECR Public)"
  type        = string
  default     = "public.ecr.aws/docker/library/mysql:8.4"
}

variable "rotation_days" {
  description = "Days between automatic rotations of each user secret"
  type        = number
  default     = 30
}

variable "rotation_application_version" {
  description = "Version of SecretsManagerRDSMySQLRotationMultiUser in the Serverless Application Repository"
  type        = string
  default     = "1.1.671"
}

variable "ecs_cluster_arn" {
  description = "ECS cluster the users task runs in"
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the users task and the rotation function"
  type        = list(string)
}

variable "task_security_group_id" {
  description = "Security group of the users task (one the RDS security group admits on 3306)"
  type        = string
}

variable "rotation_security_group_id" {
  description = "Security group of the rotation function (admitted by RDS on 3306, HTTPS out)"
  type        = string
}

variable "alarm_topic_arn" {
  description = "SNS topic told about failed rotations"
  type        = string
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the users task output"
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
