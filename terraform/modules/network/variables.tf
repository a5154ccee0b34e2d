variable "name" {
  description = "Name prefix of the VPC and its resources"
  type        = string
}

variable "cidr" {
  description = "IPv4 CIDR block of the VPC (a /16 is split into three /20 private and three /24 public subnets)"
  type        = string
  default     = "10.20.0.0/16"
}

variable "azs" {
  description = "Availability zones to spread the subnets over (exactly three)"
  type        = list(string)

  validation {
    condition     = length(var.azs) == 3
    error_message = "Flashcart runs over exactly three availability zones."
  }
}

variable "single_nat_gateway" {
  description = "Use one shared NAT gateway instead of one per AZ (cheaper, but an AZ outage cuts egress for all)"
  type        = bool
  default     = false
}

variable "enable_flow_log" {
  description = "Send VPC flow logs to CloudWatch Logs"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
