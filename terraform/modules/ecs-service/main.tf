locals {
  container_name = var.name
  image          = "${data.aws_ecr_repository.this.repository_url}:${var.image_tag}"

  # The metrics sidecar gets a fixed share; the native executable's heap is sized from the rest, because by
  # default it would take 80 % of the whole task and leave the sidecar to the OOM killer.
  sidecar_memory = 256
  app_heap_mib   = floor((var.memory - local.sidecar_memory) * 0.6)

  # The micro base image has bash but neither curl nor wget, so the probe speaks HTTP over /dev/tcp.
  # .github/scripts/native-container-check.sh runs this same command inside the built image.
  liveness_probe = chomp(<<-EOT
    exec 3<>/dev/tcp/127.0.0.1/${var.container_port} && printf 'GET ${var.liveness_path} HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && read -r status <&3 && [[ "$status" == *" 200 "* ]]
  EOT
  )

  # Both containers log to the service's log group, each under its own stream prefix.
  log_configuration = { for prefix in ["app", "metrics"] : prefix => {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.this.name
      awslogs-region        = var.region
      awslogs-stream-prefix = prefix
    }
  } }

  app_container = {
    name      = local.container_name
    image     = local.image
    essential = true
    command   = ["-Xmx${local.app_heap_mib}m"]

    portMappings = [{
      containerPort = var.container_port
      hostPort      = var.container_port
      protocol      = "tcp"
    }]

    environment = [for k, v in var.environment : { name = k, value = v }]
    secrets     = [for k, v in var.secrets : { name = k, valueFrom = v }]

    healthCheck = {
      command     = ["CMD", "/bin/bash", "-c", local.liveness_probe]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 15
    }

    # SIGTERM, then up to 30 s for the 25 s Quarkus graceful shutdown before SIGKILL.
    stopTimeout = var.stop_timeout

    user = "1001"

    logConfiguration = local.log_configuration["app"]
  }

  # The outbox lag (flashcart_outbox_oldest_pending_age_seconds) lives on /q/metrics only. An ADOT collector
  # next to the application scrapes it over the task's loopback and writes it to CloudWatch as embedded-metric
  # log lines (namespace var.metrics_namespace, dimension "service"), where modules/monitoring alarms on it.
  # No application change, and /q/metrics stays closed to the internet.
  adot_config = yamlencode({
    receivers = {
      prometheus = {
        config = {
          scrape_configs = [{
            job_name        = "flashcart"
            scrape_interval = "30s"
            metrics_path    = "/q/metrics"
            static_configs = [{
              targets = ["127.0.0.1:${var.container_port}"]
              labels  = { service = var.name }
            }]
            metric_relabel_configs = [{
              source_labels = ["__name__"]
              regex         = var.metrics_name_regex
              action        = "keep"
            }]
          }]
        }
      }
    }
    exporters = {
      awsemf = {
        namespace               = var.metrics_namespace
        log_group_name          = aws_cloudwatch_log_group.metrics.name
        region                  = var.region
        dimension_rollup_option = "NoDimensionRollup"
        metric_declarations = [{
          dimensions            = [["service"]]
          metric_name_selectors = [var.metrics_name_regex]
        }]
      }
    }
    service = {
      pipelines = {
        metrics = { receivers = ["prometheus"], exporters = ["awsemf"] }
      }
    }
  })

  metrics_container = {
    name      = "metrics"
    image     = var.adot_image
    essential = false
    memory    = local.sidecar_memory

    environment = [{ name = "AOT_CONFIG_CONTENT", value = local.adot_config }]

    logConfiguration = local.log_configuration["metrics"]
  }
}

################################################################################
# Image (the repository belongs to terraform/bootstrap and is shared by every environment)
################################################################################

data "aws_ecr_repository" "this" {
  name = var.ecr_repository_name
}

# Fails the plan when the tag was never pushed, instead of a service whose tasks cannot pull their image.
data "aws_ecr_image" "this" {
  repository_name = data.aws_ecr_repository.this.name
  image_tag       = var.image_tag
}

################################################################################
# Cluster and logs
################################################################################

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "metrics" {
  name              = "/ecs/${var.name}/metrics"
  retention_in_days = var.metrics_log_retention_days
  tags              = var.tags
}

################################################################################
# IAM
################################################################################

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Used by the ECS agent: pull the image, write logs, read the secrets into the container's environment.
resource "aws_iam_role" "execution" {
  name_prefix        = "${var.name}-exec-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_secrets" {
  statement {
    sid       = "ReadServiceSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.secret_arns
  }
}

resource "aws_iam_role_policy" "read_secrets" {
  name   = "read-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

# Assumed by the containers themselves: the application needs no AWS API; the metrics sidecar writes its
# embedded-metric lines to its own log group.
resource "aws_iam_role" "task" {
  name_prefix        = "${var.name}-task-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "write_metrics" {
  statement {
    sid = "WriteEmbeddedMetrics"
    actions = [
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.metrics.arn}:*"]
  }
}

resource "aws_iam_role_policy" "write_metrics" {
  name   = "write-metrics"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.write_metrics.json
}

################################################################################
# Schema migration: one task per new image (or configuration), before the service moves to it
################################################################################

# The same image run once before each deploy, as the schema owner: Flyway migrates as the migrator user, then
# the process exits (quarkus.init-and-exit, the switch Quarkus' own Kubernetes migration jobs use). Its own
# execution role: the migrator secret is never readable by the service's tasks.
module "migration" {
  source = "../ecs-task"

  name             = "${var.name}-migrate"
  label            = "schema migration"
  region           = var.region
  cpu              = var.cpu
  memory           = var.memory
  cpu_architecture = "X86_64"

  container = {
    name        = "migrate"
    image       = local.image
    command     = ["-Xmx${local.app_heap_mib}m"]
    environment = [for k, v in var.migration_environment : { name = k, value = v }]
    secrets     = [for k, v in var.migration_secrets : { name = k, valueFrom = v }]
    user        = "1001"
  }

  execution_role_name_prefix = "${var.name}-migr-"
  secrets_statement_sid      = "ReadMigrationSecrets"
  secret_arns                = var.migration_secret_arns

  cluster_arn       = aws_ecs_cluster.this.arn
  subnet_ids        = var.private_subnet_ids
  security_group_id = var.security_group_id
  log_group_name    = aws_cloudwatch_log_group.this.name
  triggers          = { after = var.migrate_after }
  tags              = var.tags
}

################################################################################
# Task definition and service
################################################################################

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([local.app_container, local.metrics_container])

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 30
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  # terraform apply returns once the new tasks serve (or fails); terraform/scripts/wait-for-deploy.sh then tells
  # a finished rollout from a circuit-breaker rollback.
  wait_for_steady_state = true

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = local.container_name
    container_port   = var.container_port
  }

  tags = var.tags

  lifecycle {
    # Autoscaling owns the running count after the first deploy.
    ignore_changes = [desired_count]
  }

  # The schema a new image expects is in place before its first task starts.
  depends_on = [module.migration]
}

################################################################################
# Autoscaling: CPU and requests per target
################################################################################

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_capacity
  max_capacity       = var.max_capacity
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_in_cooldown  = 120
    scale_out_cooldown = 30

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  name               = "${var.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.requests_per_target
    scale_in_cooldown  = 120
    scale_out_cooldown = 30

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${var.alb_arn_suffix}/${var.target_group_arn_suffix}"
    }
  }
}

################################################################################
# A rotated database secret redeploys the service
################################################################################

# ECS copies secrets into a task's environment when the task starts. After a rotation the old credentials stay
# valid until the rotation after next (alternating users), so replacing every task now keeps them far from
# that edge. EventBridge starts an SSM Automation runbook whose one step is ECS UpdateService
# --force-new-deployment (a rolling deploy of the same task definition, health-checked like any other).
locals {
  redeploy_on_rotation = length(var.redeploy_on_rotation_of) > 0
}

data "aws_iam_policy_document" "redeploy_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "ssm.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "redeploy" {
  count = local.redeploy_on_rotation ? 1 : 0

  name_prefix        = "${var.name}-redeploy-"
  assume_role_policy = data.aws_iam_policy_document.redeploy_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "redeploy" {
  count = local.redeploy_on_rotation ? 1 : 0

  statement {
    sid       = "RedeployTheService"
    actions   = ["ecs:UpdateService", "ecs:DescribeServices"]
    resources = [aws_ecs_service.this.id]
  }

  statement {
    sid       = "StartTheRunbook"
    actions   = ["ssm:StartAutomationExecution"]
    resources = ["${replace(aws_ssm_document.redeploy[0].arn, ":document/", ":automation-definition/")}:*"]
  }

  statement {
    sid       = "RunbookRunsAsThisRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.redeploy[0].arn]
  }
}

resource "aws_iam_role_policy" "redeploy" {
  count = local.redeploy_on_rotation ? 1 : 0

  name   = "redeploy"
  role   = aws_iam_role.redeploy[0].id
  policy = data.aws_iam_policy_document.redeploy[0].json
}

resource "aws_ssm_document" "redeploy" {
  count = local.redeploy_on_rotation ? 1 : 0

  name            = "${var.name}-redeploy"
  document_type   = "Automation"
  document_format = "JSON"

  content = jsonencode({
    schemaVersion = "0.3"
    description   = "Rolls every task of ${var.name} so they read the rotated database credentials"
    assumeRole    = aws_iam_role.redeploy[0].arn
    mainSteps = [{
      name   = "forceNewDeployment"
      action = "aws:executeAwsApi"
      inputs = {
        Service            = "ecs"
        Api                = "UpdateService"
        cluster            = aws_ecs_cluster.this.name
        service            = aws_ecs_service.this.name
        forceNewDeployment = true
      }
    }]
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "redeploy" {
  count = local.redeploy_on_rotation ? 1 : 0

  name        = "${var.name}-redeploy-on-rotation"
  description = "Redeploy ${var.name} when its database secret has rotated"

  event_pattern = jsonencode({
    source        = ["aws.secretsmanager"]
    "detail-type" = ["AWS Service Event via CloudTrail"]
    detail = {
      eventName           = ["RotationSucceeded"]
      additionalEventData = { SecretId = var.redeploy_on_rotation_of }
    }
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "redeploy" {
  count = local.redeploy_on_rotation ? 1 : 0

  rule     = aws_cloudwatch_event_rule.redeploy[0].name
  arn      = replace(aws_ssm_document.redeploy[0].arn, ":document/", ":automation-definition/")
  role_arn = aws_iam_role.redeploy[0].arn
}
