output "state_bucket_name" {
  description = "Name of the state bucket (backend \"bucket\")"
  value       = aws_s3_bucket.state.bucket
}

output "ecr_repository_url" {
  description = "URL of the ECR repository of the native image"
  value       = aws_ecr_repository.this.repository_url
}

output "github_variables" {
  description = "Repository variables the workflows read (terraform/README.md, step 2)"
  value = {
    AWS_REGION            = var.region
    TF_STATE_BUCKET       = aws_s3_bucket.state.bucket
    ECR_REPOSITORY        = aws_ecr_repository.this.name
    AWS_PLAN_ROLE_ARN     = aws_iam_role.plan.arn
    AWS_ECR_PUSH_ROLE_ARN = aws_iam_role.ecr_push.arn
  }
}

output "github_environment_variables" {
  description = "Variable AWS_APPLY_ROLE_ARN of each GitHub environment"
  value       = { for env, role in aws_iam_role.apply : env => { AWS_APPLY_ROLE_ARN = role.arn } }
}
