# Remote state in S3 with a DynamoDB lock table, both created once by terraform/bootstrap.
# The bucket name must be globally unique: if you changed it in bootstrap, override it at init time:
#   terraform init -backend-config="bucket=<your-bucket>"
terraform {
  backend "s3" {
    bucket         = "flashcart-terraform-state"
    key            = "prod/terraform.tfstate"
    region         = "ap-northeast-2"
    dynamodb_table = "flashcart-terraform-locks"
    encrypt        = true
  }
}
