variable "name" {
  description = "Name of the load balancer and its target group (at most 32 characters)"
  type        = string
}

variable "vpc_id" {
  description = "ID of the VPC"
  type        = string
}

variable "public_subnet_ids" {
  description = "IDs of the public subnets the ALB is placed in"
  type        = list(string)
}

variable "security_group_id" {
  description = "ID of the ALB security group"
  type        = string
}

variable "app_port" {
  description = "Port the tasks listen on (target group port)"
  type        = number
  default     = 8080
}

variable "health_check_path" {
  description = "Path of the target group health check (the readiness probe of the service)"
  type        = string
  default     = "/q/health/ready"
}

variable "domain_name" {
  description = "Fully qualified name the service is reached at, e.g. api.flashcart.example"
  type        = string
}

variable "zone_id" {
  description = "ID of the Route 53 hosted zone that holds domain_name"
  type        = string
}

variable "ssl_policy" {
  description = "TLS security policy of the HTTPS listener: TLS 1.3, and TLS 1.2 with the restricted cipher list; hybrid post-quantum key exchange for clients that offer it (AWS's recommendation since 2025-09)"
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
}

variable "enable_deletion_protection" {
  description = "Protect the load balancer against deletion"
  type        = bool
  default     = true
}

variable "access_log_retention_days" {
  description = "Days the ALB access logs are kept in S3"
  type        = number
  default     = 90
}

variable "login_rate_limit" {
  description = "Requests to POST /api/v1/sessions one client address may make in 5 minutes before WAF answers 429"
  type        = number
  default     = 300

  validation {
    condition     = var.login_rate_limit >= 10
    error_message = "WAF rate-based rules count from 10 requests."
  }
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
