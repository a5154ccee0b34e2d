terraform {
  # Ephemeral resources need 1.10, write-only arguments 1.11.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # deploy-checks validates every resource against this provider version's schema (@cdktf/provider-aws
      # 21.22.1 is generated from hashicorp/aws 6.25.0): move the two together.
      version = "~> 6.25.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7, >= 3.7.1"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}
