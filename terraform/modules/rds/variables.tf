variable "identifier" {
  description = "Identifier of the primary instance (the replica gets a -replica suffix)"
  type        = string
}

variable "engine_version" {
  description = "MySQL engine version: the 8.4 LTS line (major.minor lets RDS pick and upgrade the patch)"
  type        = string
  default     = "8.4"
}

variable "parameter_group_family" {
  description = "DB parameter group family matching engine_version"
  type        = string
  default     = "mysql8.4"
}

variable "instance_class" {
  description = "Instance class of the primary"
  type        = string
  default     = "db.r6g.large"
}

variable "replica_instance_class" {
  description = "Instance class of the read replica"
  type        = string
  default     = "db.r6g.large"
}

variable "multi_az" {
  description = "Run the primary Multi-AZ (a synchronous standby in another AZ)"
  type        = bool
  default     = true
}

variable "db_name" {
  description = "Name of the database created on the primary"
  type        = string
  default     = "flashcart"
}

variable "username" {
  description = "Master user name (only the users task and the rotation Lambda log in with it)"
  type        = string
  default     = "flashcart_admin"
}

variable "master_password_version" {
  description = "Raise by one to generate a new master password (written to the instance and its secret together)"
  type        = number
  default     = 1
}

variable "allocated_storage" {
  description = "Initial storage in GiB"
  type        = number
  default     = 50
}

variable "max_allocated_storage" {
  description = "Upper limit in GiB for storage autoscaling (primary and replica alike)"
  type        = number
  default     = 500
}

variable "backup_retention_days" {
  description = "Days automated backups are kept"
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 7
    error_message = "Keep automated backups for at least 7 days."
  }
}

variable "deletion_protection" {
  description = "Protect both instances against deletion"
  type        = bool
  default     = true
}

variable "performance_insights_enabled" {
  description = "Enable Performance Insights on both instances"
  type        = bool
  default     = true
}

variable "ca_cert_identifier" {
  description = "RDS certificate authority of the server certificates (the image trusts the RDS CA bundle)"
  type        = string
  default     = "rds-ca-rsa2048-g1"
}

variable "cloudwatch_logs_exports" {
  description = "MySQL logs exported to CloudWatch Logs (each gets a log group with log_retention_days)"
  type        = list(string)
  default     = ["error", "slowquery"]
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the exported MySQL logs"
  type        = number
  default     = 30
}

variable "subnet_ids" {
  description = "IDs of the private subnets of the DB subnet group"
  type        = list(string)
}

variable "security_group_id" {
  description = "ID of the RDS security group"
  type        = string
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
