terraform {
  # Ephemeral resources need 1.10, write-only arguments (password_wo, secret_string_wo) 1.11.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25.0"
    }
    random = {
      source = "hashicorp/random"
      # the ephemeral random_password arrived in 3.7.1
      version = "~> 3.7, >= 3.7.1"
    }
  }
}
