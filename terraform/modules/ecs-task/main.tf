# A one-off Fargate task that Terraform runs to completion: its task definition, the execution role that pulls
# the image and reads the task's secrets (unless the caller lends one), and a run with
# terraform/scripts/run-ecs-task.sh whenever the task definition (image, command, settings) or a trigger changes.
# The apply fails unless the task exits 0. The schema migration, the database users and the Kafka topics are
# such tasks.

################################################################################
# Execution role (own, so a task's secrets are readable by that task only)
################################################################################

data "aws_iam_policy_document" "ecs_tasks_assume" {
  count = var.create_execution_role ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  count = var.create_execution_role ? 1 : 0

  name_prefix        = var.execution_role_name_prefix
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  count = var.create_execution_role ? 1 : 0

  role       = aws_iam_role.execution[0].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_secrets" {
  count = var.create_execution_role ? 1 : 0

  statement {
    sid       = var.secrets_statement_sid
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.secret_arns
  }
}

resource "aws_iam_role_policy" "read_secrets" {
  count = var.create_execution_role ? 1 : 0

  name   = "read-secrets"
  role   = aws_iam_role.execution[0].id
  policy = data.aws_iam_policy_document.read_secrets[0].json
}

################################################################################
# Task definition and its run
################################################################################

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = var.create_execution_role ? aws_iam_role.execution[0].arn : var.execution_role_arn

  dynamic "runtime_platform" {
    for_each = var.cpu_architecture == null ? [] : [var.cpu_architecture]

    content {
      operating_system_family = "LINUX"
      cpu_architecture        = var.cpu_architecture
    }
  }

  # The one container is essential (its exit code is the task's) and logs under its own name.
  container_definitions = jsonencode([merge(var.container, {
    essential = true

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.log_group_name
        awslogs-region        = var.region
        awslogs-stream-prefix = var.container.name
      }
    }
  })])

  tags = var.tags
}

resource "terraform_data" "this" {
  triggers_replace = merge({ task_definition = aws_ecs_task_definition.this.arn }, var.triggers)

  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = "bash ${path.module}/../../scripts/run-ecs-task.sh"

    environment = {
      AWS_REGION      = var.region
      CLUSTER         = var.cluster_arn
      TASK_DEFINITION = aws_ecs_task_definition.this.arn
      SUBNETS         = join(",", var.subnet_ids)
      SECURITY_GROUP  = var.security_group_id
      LOG_GROUP       = var.log_group_name
      TASK_LABEL      = var.label
    }
  }

  # The task reads its secrets when it starts.
  depends_on = [aws_iam_role_policy.read_secrets]
}
