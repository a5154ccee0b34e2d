# Alarms on what breaks Flashcart for its users, all sent to one SNS topic: the edge (5xx, unhealthy targets),
# the service (running tasks, outbox lag), MySQL (replica lag, storage, CPU), Redis (memory, evictions) and
# Kafka (broker disk). Thresholds are variables with defaults meant as a first guess, to be tuned on real traffic.

data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
  tags = var.tags
}

# CloudWatch alarms publish as the account; EventBridge rules (failed secret rotations) need the grant.
data "aws_iam_policy_document" "alarms" {
  statement {
    sid       = "AccountPublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "EventBridgePublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms.json
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == "" ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  actions = [aws_sns_topic.alarms.arn]
  db_instances = {
    primary = var.db_primary_identifier
    replica = var.db_replica_identifier
  }
}

################################################################################
# Edge and service
################################################################################

resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  alarm_name          = "${var.name}-alb-5xx"
  alarm_description   = "The load balancer itself answered 5xx (no healthy target, timeouts)"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = { LoadBalancer = var.alb_arn_suffix }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = var.alb_5xx_per_minute
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  alarm_name          = "${var.name}-target-5xx"
  alarm_description   = "The service answered 5xx (unexpected errors, 503 UNAVAILABLE from a backing service)"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = var.target_5xx_per_minute
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_name          = "${var.name}-unhealthy-hosts"
  alarm_description   = "A task fails the /q/health/ready check of the target group"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "running_tasks" {
  alarm_name          = "${var.name}-running-tasks"
  alarm_description   = "Fewer tasks run than the service's minimum (tasks crash or cannot start)"
  namespace           = "ECS/ContainerInsights"
  metric_name         = "RunningTaskCount"
  dimensions          = { ClusterName = var.ecs_cluster_name, ServiceName = var.ecs_service_name }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.min_running_tasks
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

# Shipped by the ADOT sidecar of modules/ecs-service. Missing data breaches too: a dead metrics pipeline hides
# a stuck outbox as well as a healthy one.
resource "aws_cloudwatch_metric_alarm" "outbox_lag" {
  alarm_name          = "${var.name}-outbox-lag"
  alarm_description   = "Payment events wait in the outbox: Kafka is unreachable or the relay is stuck"
  namespace           = var.metrics_namespace
  metric_name         = "flashcart_outbox_oldest_pending_age_seconds"
  dimensions          = { service = var.metrics_service }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = var.outbox_lag_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

################################################################################
# MySQL
################################################################################

resource "aws_cloudwatch_metric_alarm" "replica_lag" {
  alarm_name          = "${var.name}-db-replica-lag"
  alarm_description   = "The read replica is behind: the service sends every read to the primary meanwhile"
  namespace           = "AWS/RDS"
  metric_name         = "ReplicaLag"
  dimensions          = { DBInstanceIdentifier = var.db_replica_identifier }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.replica_lag_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "db_free_storage" {
  for_each = local.db_instances

  alarm_name          = "${var.name}-db-${each.key}-free-storage"
  alarm_description   = "Less than ${var.db_free_storage_gib} GiB free on the ${each.key} (autoscaling is capped)"
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = { DBInstanceIdentifier = each.value }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.db_free_storage_gib * 1024 * 1024 * 1024
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  for_each = local.db_instances

  alarm_name          = "${var.name}-db-${each.key}-cpu"
  alarm_description   = "The ${each.key} is CPU-bound"
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBInstanceIdentifier = each.value }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.db_cpu_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

################################################################################
# Redis (sessions, coupons, rankings: evictions lose data the service relies on)
################################################################################

resource "aws_cloudwatch_metric_alarm" "redis_memory" {
  for_each = toset(var.redis_node_ids)

  alarm_name          = "${var.name}-redis-${each.key}-memory"
  alarm_description   = "Redis node ${each.key} is filling its memory"
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  dimensions          = { CacheClusterId = each.key }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.redis_memory_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "redis_evictions" {
  for_each = toset(var.redis_node_ids)

  alarm_name          = "${var.name}-redis-${each.key}-evictions"
  alarm_description   = "Redis node ${each.key} evicts keys (sessions, coupon holders)"
  namespace           = "AWS/ElastiCache"
  metric_name         = "Evictions"
  dimensions          = { CacheClusterId = each.key }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

################################################################################
# Kafka
################################################################################

resource "aws_cloudwatch_metric_alarm" "msk_disk" {
  for_each = toset(var.msk_broker_ids)

  alarm_name          = "${var.name}-kafka-broker-${each.key}-disk"
  alarm_description   = "Kafka broker ${each.key} is filling its data volume"
  namespace           = "AWS/Kafka"
  metric_name         = "KafkaDataLogsDiskUsed"
  dimensions          = { "Cluster Name" = var.msk_cluster_name, "Broker ID" = each.key }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.msk_disk_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}
