# The topic task moved into modules/ecs-task (shared with the migration and database-users tasks); these blocks
# carry an existing state over to its addresses instead of re-running the task.

moved {
  from = aws_ecs_task_definition.this
  to   = module.task.aws_ecs_task_definition.this
}

moved {
  from = terraform_data.this
  to   = module.task.terraform_data.this
}
