variable "region" {
  description = "AWS region of the state bucket and the image repository (the same as in envs/*/backend.tf)"
  type        = string
  default     = "ap-northeast-2"
}

variable "state_bucket_name" {
  description = "Globally unique name of the S3 bucket holding the Terraform state"
  type        = string
  default     = "flashcart-terraform-state"
}

variable "ecr_repository_name" {
  description = "Name of the ECR repository of the native image"
  type        = string
  default     = "flashcart"
}

variable "ecr_keep_images" {
  description = "Tagged images kept in ECR (the rollback horizon)"
  type        = number
  default     = 100
}

variable "name_prefix" {
  description = "Prefix of the IAM role names"
  type        = string
  default     = "flashcart"
}

variable "github_repository" {
  description = "GitHub repository whose workflows deploy, as owner/name"
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository is owner/name, without wildcards."
  }
}

variable "github_subject_repository" {
  description = "The repository as GitHub writes it in the OIDC sub claim when that differs from github_repository: owner-<id>/name-<id> for repositories on immutable subject claims (created after 2026-06-18, or opted in). Empty: github_repository"
  type        = string
  default     = ""

  validation {
    condition     = var.github_subject_repository == "" || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_subject_repository))
    error_message = "github_subject_repository is owner-<id>/name-<id>, without wildcards."
  }
}
