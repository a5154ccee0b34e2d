terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # deploy-checks validates every resource against this provider version's schema (@cdktf/provider-aws
      # 21.22.1 is generated from hashicorp/aws 6.25.0): move the two together.
      version = "~> 6.25.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "flashcart"
      ManagedBy = "terraform"
    }
  }
}
