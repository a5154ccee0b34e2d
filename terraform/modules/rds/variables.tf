variable "identifier" {
  description = "Identifier of the primary instance (the replica gets a -replica suffix)"
  type        = string
}

variable "engine_version" {
  description = "MySQL engine version (major.minor lets RDS pick the current patch)"
  type        = string
  default     = "8.0"
}

variable "instance_class" {
  description = "Instance class of the Multi-AZ primary"
  type        = string
  default     = "db.r6g.large"
}

variable "replica_instance_class" {
  description = "Instance class of the read replica"
  type        = string
  default     = "db.r6g.large"
}

variable "db_name" {
  description = "Name of the database created on the primary"
  type        = string
  default     = "flashcart"
}

variable "username" {
  description = "Master user name (its password is generated and kept by RDS in Secrets Manager)"
  type        = string
  default     = "flashcart"
}

variable "allocated_storage" {
  description = "Initial storage in GiB"
  type        = number
  default     = 50
}

variable "max_allocated_storage" {
  description = "Upper limit in GiB for storage autoscaling"
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

variable "performance_insights_enabled" {
  description = "Enable Performance Insights on both instances"
  type        = bool
  default     = true
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
