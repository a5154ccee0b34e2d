# Remote state in the S3 bucket terraform/bootstrap creates, locked with S3's own conditional writes
# (a <key>.tflock object beside the state; Terraform >= 1.10), so there is no DynamoDB lock table.
# The bucket name must be globally unique: if you changed it in bootstrap, give it at init time:
#   terraform init -backend-config="bucket=<your-bucket>"
terraform {
  backend "s3" {
    bucket       = "flashcart-terraform-state"
    key          = "staging/terraform.tfstate"
    region       = "ap-northeast-2"
    use_lockfile = true
    encrypt      = true
  }
}
