# The service's own database users and their rotation.
#
# - APP user (the ECS service): DML on the application schema only. MIGRATOR user (the one-off migration task
#   before each deploy): owns the schema. Both are created by create-users.sh, run once as a Fargate task inside
#   the VPC with the master credentials; neither ever logs in as master.
# - Each has a Secrets Manager secret in the layout of the RDS rotation functions (engine, host, username,
#   password, dbname, port, masterarn). The first password is an ephemeral value written with the write-only
#   secret_string_wo, so Terraform stores none of them.
# - Rotation uses AWS's MySQL multi-user ("alternating users") function: each rotation gives the *other* user
#   of the pair (<user> / <user>_clone) a new password and makes it current, so the credentials a running task
#   read at start keep working until the rotation after next. modules/ecs-service forces a new deployment when
#   the app secret rotates, so no task lives that long.

locals {
  secret_layout = {
    engine    = "mysql"
    host      = var.db_host
    port      = var.db_port
    dbname    = var.db_name
    masterarn = var.master_secret_arn
  }
  users = {
    app      = var.app_username
    migrator = var.migrator_username
  }
}

ephemeral "random_password" "user" {
  for_each = local.users

  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "user" {
  for_each = local.users

  name_prefix             = "${var.name}-db-${each.key}-"
  description             = "MySQL user ${each.value} of ${var.name} (rotated by alternating users)"
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "user" {
  for_each = local.users

  secret_id = aws_secretsmanager_secret.user[each.key].id
  secret_string_wo = jsonencode(merge(local.secret_layout, {
    username = each.value
    password = ephemeral.random_password.user[each.key].result
  }))
  # Written once: from then on the rotation function owns the secret's current version.
  secret_string_wo_version = 1
}

################################################################################
# The users task (mysql client, inside the VPC, as the master user)
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}/db-users"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

module "task" {
  source = "../ecs-task"

  name   = "${var.name}-db-users"
  label  = "db-users"
  region = var.region
  cpu    = 256
  memory = 512

  container = {
    name       = "db-users"
    image      = var.mysql_image
    entryPoint = ["/bin/bash", "-c"]
    command    = [file("${path.module}/create-users.sh")]

    environment = [for k, v in {
      DB_HOST       = var.db_host
      DB_PORT       = tostring(var.db_port)
      DB_NAME       = var.db_name
      DB_CA_URL     = var.ca_bundle_url
      MASTER_USER   = var.master_username
      APP_USER      = var.app_username
      MIGRATOR_USER = var.migrator_username
    } : { name = k, value = v }]

    secrets = [for k, v in {
      MASTER_PASSWORD   = "${var.master_secret_arn}:password::"
      APP_PASSWORD      = "${aws_secretsmanager_secret.user["app"].arn}:password::"
      MIGRATOR_PASSWORD = "${aws_secretsmanager_secret.user["migrator"].arn}:password::"
    } : { name = k, valueFrom = v }]
  }

  execution_role_name_prefix = "${var.name}-dbusers-"
  secrets_statement_sid      = "ReadUserSecrets"
  secret_arns = [
    var.master_secret_arn,
    aws_secretsmanager_secret.user["app"].arn,
    aws_secretsmanager_secret.user["migrator"].arn,
  ]

  cluster_arn       = var.ecs_cluster_arn
  subnet_ids        = var.subnet_ids
  security_group_id = var.task_security_group_id
  log_group_name    = aws_cloudwatch_log_group.this.name
  triggers          = { db_host = var.db_host }
  tags              = var.tags

  # The secrets must hold their first values before the task reads them.
  depends_on = [aws_secretsmanager_secret_version.user]
}

################################################################################
# Rotation: AWS's MySQL multi-user rotation function from the Serverless Application Repository
################################################################################

resource "aws_serverlessapplicationrepository_cloudformation_stack" "rotation" {
  name             = "${var.name}-db-rotation"
  application_id   = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationMultiUser"
  semantic_version = var.rotation_application_version
  capabilities     = ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]

  parameters = {
    endpoint            = "https://secretsmanager.${var.region}.amazonaws.com"
    functionName        = "${var.name}-db-rotation"
    vpcSubnetIds        = join(",", var.subnet_ids)
    vpcSecurityGroupIds = var.rotation_security_group_id
    masterSecretArn     = var.master_secret_arn
    # New passwords go into JDBC properties and option files: keep them free of quoting trouble.
    excludeCharacters = "\"'\\/@:;%?#&`{} "
  }

  tags = var.tags
}

resource "aws_secretsmanager_secret_rotation" "user" {
  for_each = local.users

  secret_id           = aws_secretsmanager_secret.user[each.key].id
  rotation_lambda_arn = aws_serverlessapplicationrepository_cloudformation_stack.rotation.outputs["RotationLambdaARN"]
  # The first rotation is a deliberate step of the runbook (terraform/README.md, "Secret rotation"), once the
  # service runs; afterwards every rotation_days.
  rotate_immediately = false

  rotation_rules {
    automatically_after_days = var.rotation_days
  }

  # Rotation clones the current user: it must exist first.
  depends_on = [module.task]
}

# A failed rotation leaves the current credentials in place (nothing breaks yet), but the next one would rotate
# from a half-finished state: tell the operators.
resource "aws_cloudwatch_event_rule" "rotation_failed" {
  name        = "${var.name}-db-rotation-failed"
  description = "A rotation of the ${var.name} database user secrets failed"

  event_pattern = jsonencode({
    source        = ["aws.secretsmanager"]
    "detail-type" = ["AWS Service Event via CloudTrail"]
    detail = {
      eventName           = ["RotationFailed", "RotationAbandoned"]
      additionalEventData = { SecretId = [for s in aws_secretsmanager_secret.user : s.arn] }
    }
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "rotation_failed" {
  rule = aws_cloudwatch_event_rule.rotation_failed.name
  arn  = var.alarm_topic_arn
}
