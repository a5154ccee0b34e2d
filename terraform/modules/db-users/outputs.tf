output "app_secret_arn" {
  description = "ARN of the service's database secret (JSON keys username and password)"
  value       = aws_secretsmanager_secret.user["app"].arn
}

output "migrator_secret_arn" {
  description = "ARN of the migration task's database secret (JSON keys username and password)"
  value       = aws_secretsmanager_secret.user["migrator"].arn
}

output "ready" {
  description = "Changes whenever the users task ran: migrations wait for it"
  value       = module.task.run_id
}

output "rotation_lambda_arn" {
  description = "ARN of the rotation function"
  value       = aws_serverlessapplicationrepository_cloudformation_stack.rotation.outputs["RotationLambdaARN"]
}
