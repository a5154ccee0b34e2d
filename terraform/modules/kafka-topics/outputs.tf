output "task_definition_arn" {
  description = "ARN of the topic task definition (run it again with run-task.sh to re-check the topics)"
  value       = aws_ecs_task_definition.this.arn
}

output "topics" {
  description = "Names of the managed topics"
  value       = keys(var.topics)
}
