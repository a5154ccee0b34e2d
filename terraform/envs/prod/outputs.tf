# What terraform/scripts, the workflows and the commands of terraform/README.md read with
# `terraform output -raw <name>`: an output -raw can print only a string.

output "url" {
  description = "Public URL of the API"
  value       = module.flashcart.url
}

output "region" {
  description = "AWS region of the environment"
  value       = var.region
}

output "image_tag" {
  description = "Image tag the environment runs (terraform/scripts/current-image-tag.sh)"
  value       = var.image_tag
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster"
  value       = module.flashcart.ecs_cluster_name
}

output "ecs_service_name" {
  description = "Name of the ECS service"
  value       = module.flashcart.ecs_service_name
}

output "ecs_task_definition_arn" {
  description = "Task definition revision the service was last given (terraform/scripts/wait-for-deploy.sh)"
  value       = module.flashcart.ecs_task_definition_arn
}

output "admin_password_secret_arn" {
  description = "ARN of the secret with the first admin's password"
  value       = module.flashcart.admin_password_secret_arn
}

output "db_app_secret_arn" {
  description = "ARN of the service's database secret (rotated)"
  value       = module.flashcart.db_app_secret_arn
}

output "db_migrator_secret_arn" {
  description = "ARN of the migration task's database secret (rotated)"
  value       = module.flashcart.db_migrator_secret_arn
}

# Everything modules/flashcart exports (endpoints, secret ARNs, the alarm topic ...) as one object:
# `terraform output flashcart`.
output "flashcart" {
  description = "The outputs of modules/flashcart"
  value       = module.flashcart
}
