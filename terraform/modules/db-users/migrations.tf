# The users task moved into modules/ecs-task (shared with the migration and Kafka-topics tasks); these blocks
# carry an existing state over to its addresses instead of re-creating the role and re-running the task.

moved {
  from = aws_iam_role.execution
  to   = module.task.aws_iam_role.execution[0]
}

moved {
  from = aws_iam_role_policy_attachment.execution
  to   = module.task.aws_iam_role_policy_attachment.execution[0]
}

moved {
  from = aws_iam_role_policy.read_secrets
  to   = module.task.aws_iam_role_policy.read_secrets[0]
}

moved {
  from = aws_ecs_task_definition.this
  to   = module.task.aws_ecs_task_definition.this
}

moved {
  from = terraform_data.users
  to   = module.task.terraform_data.this
}
