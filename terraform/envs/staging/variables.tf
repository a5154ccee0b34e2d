variable "region" {
  description = "AWS region to deploy to"
  type        = string
  default     = "ap-northeast-2"
}

variable "domain_name" {
  description = "Public host name of the API, e.g. api.flashcart.example (env.auto.tfvars)"
  type        = string
}

variable "route53_zone_id" {
  description = "ID of the public Route 53 hosted zone that contains domain_name (env.auto.tfvars)"
  type        = string
}

variable "image_tag" {
  description = "Tag of the native image to run: the git commit the release workflow pushed (passed with -var)"
  type        = string
}

variable "admin_email" {
  description = "E-mail of the first admin account, its password generated into Secrets Manager (env.auto.tfvars)"
  type        = string
}

variable "alarm_email" {
  description = "E-mail subscribed to the alarm topic, empty for none (env.auto.tfvars)"
  type        = string
  default     = ""
}

variable "db_master_password_version" {
  description = "Raise by one to rotate the RDS master password (terraform/README.md, \"Secret rotation\")"
  type        = number
  default     = 1
}

variable "redis_auth_token_update_strategy" {
  description = "How a new Redis AUTH token is applied: ROTATE, or SET to retire the old token (terraform/README.md, \"Secret rotation\")"
  type        = string
  default     = "ROTATE"
}
