output "task_definition_arn" {
  description = "ARN of the topic task definition (terraform/scripts/run-ecs-task.sh runs it again)"
  value       = module.task.task_definition_arn
}

output "topics" {
  description = "Names of the managed topics"
  value       = keys(var.topics)
}
