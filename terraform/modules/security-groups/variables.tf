variable "name" {
  description = "Name prefix of the security groups"
  type        = string
}

variable "vpc_id" {
  description = "ID of the VPC the security groups belong to"
  type        = string
}

variable "app_port" {
  description = "Port the application container listens on"
  type        = number
  default     = 8080
}

variable "tags" {
  description = "Tags added to every security group"
  type        = map(string)
  default     = {}
}
