# The migration task moved into modules/ecs-task (shared with the database-users and Kafka-topics tasks); these
# blocks carry an existing state over to its addresses instead of re-creating the role and re-running the task.

moved {
  from = aws_iam_role.migrate_execution
  to   = module.migration.aws_iam_role.execution[0]
}

moved {
  from = aws_iam_role_policy_attachment.migrate_execution
  to   = module.migration.aws_iam_role_policy_attachment.execution[0]
}

moved {
  from = aws_iam_role_policy.read_migration_secrets
  to   = module.migration.aws_iam_role_policy.read_secrets[0]
}

moved {
  from = aws_ecs_task_definition.migrate
  to   = module.migration.aws_ecs_task_definition.this
}

moved {
  from = terraform_data.migrate
  to   = module.migration.terraform_data.this
}
