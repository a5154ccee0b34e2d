variable "region" {
  description = "AWS region of the state bucket and lock table (the same as in envs/*/backend.tf)"
  type        = string
  default     = "ap-northeast-2"
}

variable "state_bucket_name" {
  description = "Globally unique name of the S3 bucket holding the Terraform state"
  type        = string
  default     = "flashcart-terraform-state"
}

variable "lock_table_name" {
  description = "Name of the DynamoDB table used for state locking"
  type        = string
  default     = "flashcart-terraform-locks"
}
