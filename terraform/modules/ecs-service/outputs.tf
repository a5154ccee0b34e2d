output "cluster_arn" {
  description = "ARN of the ECS cluster"
  value       = aws_ecs_cluster.this.arn
}

output "cluster_name" {
  description = "Name of the ECS cluster"
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "Name of the ECS service"
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "ARN of the task definition revision the service was last given"
  value       = aws_ecs_task_definition.this.arn
}

output "image" {
  description = "Image the service runs (repository URL and tag)"
  value       = local.image
}

output "image_digest" {
  description = "Digest of the image tag at plan time"
  value       = data.aws_ecr_image.this.image_digest
}

output "execution_role_arn" {
  description = "ARN of the service's task execution role"
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "Name of the CloudWatch log group of the service"
  value       = aws_cloudwatch_log_group.this.name
}

output "metrics_namespace" {
  description = "CloudWatch namespace of the application metrics (dimension service = the service name)"
  value       = var.metrics_namespace
}
