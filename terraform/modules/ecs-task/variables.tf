variable "name" {
  description = "Family of the task definition"
  type        = string
}

variable "label" {
  description = "What the task does, for the messages of run-ecs-task.sh"
  type        = string
}

variable "region" {
  description = "AWS region (the AWS CLI and the awslogs driver)"
  type        = string
}

variable "cpu" {
  description = "Fargate CPU units of the task"
  type        = number
}

variable "memory" {
  description = "Fargate memory of the task in MiB"
  type        = number
}

variable "cpu_architecture" {
  description = "Run on Linux on this CPU architecture (X86_64, ARM64); null leaves the platform to Fargate's default"
  type        = string
  default     = null
}

variable "container" {
  description = "The task's one container definition (name, image, command, environment, secrets ...); essential and the awslogs configuration, with the container's name as stream prefix, are added"
  type        = any
}

variable "log_group_name" {
  description = "CloudWatch log group the container writes to"
  type        = string
}

variable "create_execution_role" {
  description = "Create an execution role that may read secret_arns; false uses execution_role_arn"
  type        = bool
  default     = true
}

variable "execution_role_name_prefix" {
  description = "Name prefix of the execution role this module creates"
  type        = string
  default     = null
}

variable "secrets_statement_sid" {
  description = "Sid of the policy statement that lets the created execution role read secret_arns"
  type        = string
  default     = "ReadSecrets"
}

variable "secret_arns" {
  description = "ARNs of the secrets the created execution role may read: exactly those the container references"
  type        = list(string)
  default     = []
}

variable "execution_role_arn" {
  description = "ARN of an existing execution role, used when create_execution_role is false"
  type        = string
  default     = null
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster the task runs in"
  type        = string
}

variable "subnet_ids" {
  description = "IDs of the private subnets the task may run in"
  type        = list(string)
}

variable "security_group_id" {
  description = "ID of the security group of the task"
  type        = string
}

variable "triggers" {
  description = "Values whose change runs the task again (a new task definition always does)"
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
