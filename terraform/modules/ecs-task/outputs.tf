output "task_definition_arn" {
  description = "ARN of the task definition revision Terraform last ran"
  value       = aws_ecs_task_definition.this.arn
}

output "execution_role_arn" {
  description = "ARN of the task's execution role"
  value       = aws_ecs_task_definition.this.execution_role_arn
}

output "run_id" {
  description = "Changes whenever the task ran again: callers that must run after it depend on this"
  value       = terraform_data.this.id
}
