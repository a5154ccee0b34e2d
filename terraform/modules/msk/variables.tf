variable "name" {
  description = "Name of the MSK cluster and its configuration"
  type        = string
}

variable "kafka_version" {
  description = "Apache Kafka version of the brokers"
  type        = string
  default     = "3.8.x"
}

variable "broker_instance_type" {
  description = "Instance type of the three brokers"
  type        = string
  default     = "kafka.m7g.large"
}

variable "broker_volume_size" {
  description = "EBS volume size of each broker in GiB"
  type        = number
  default     = 100
}

variable "subnet_ids" {
  description = "IDs of three private subnets in three AZs, one broker in each"
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) == 3
    error_message = "One broker per AZ: pass exactly three subnets."
  }
}

variable "security_group_id" {
  description = "ID of the MSK security group"
  type        = string
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the broker logs"
  type        = number
  default     = 14
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
