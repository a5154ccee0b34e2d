variable "name" {
  description = "ID of the replication group and name prefix of its resources"
  type        = string
}

variable "engine_version" {
  description = "Redis engine version (7.x)"
  type        = string
  default     = "7.1"

  validation {
    condition     = startswith(var.engine_version, "7.")
    error_message = "Flashcart runs on Redis 7.x."
  }
}

variable "parameter_group_name" {
  description = "Parameter group of the nodes (cluster mode disabled)"
  type        = string
  default     = "default.redis7"
}

variable "node_type" {
  description = "Instance type of every node"
  type        = string
  default     = "cache.r7g.large"
}

variable "num_cache_clusters" {
  description = "Number of nodes: one primary plus replicas (at least 2 for automatic failover)"
  type        = number
  default     = 3

  validation {
    condition     = var.num_cache_clusters >= 2
    error_message = "Automatic failover needs at least one replica."
  }
}

variable "auth_token_update_strategy" {
  description = "How a changed AUTH token is applied: ROTATE (old and new both valid) or SET (only the new one)"
  type        = string
  default     = "ROTATE"
}

variable "snapshot_retention_days" {
  description = "Days daily snapshots are kept (0 turns snapshots off)"
  type        = number
  default     = 3
}

variable "subnet_ids" {
  description = "IDs of the private subnets of the cache subnet group"
  type        = list(string)
}

variable "security_group_id" {
  description = "ID of the ElastiCache security group"
  type        = string
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
