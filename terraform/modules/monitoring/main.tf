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

  # Every alarm, keyed by its name after "<name>-". An entry without comparison_operator alarms above its
  # threshold; without treat_missing_data, missing data breaches (a metric that stops coming usually means what
  # it measures has stopped too); without datapoints_to_alarm, every evaluated period must breach.
  alarms = merge(local.service_alarms, local.mysql_alarms, local.redis_alarms, local.kafka_alarms)

  ################################################################################
  # Edge and service
  ################################################################################

  service_alarms = {
    alb-5xx = {
      description         = "The load balancer itself answered 5xx (no healthy target, timeouts)"
      namespace           = "AWS/ApplicationELB"
      metric_name         = "HTTPCode_ELB_5XX_Count"
      dimensions          = { LoadBalancer = var.alb_arn_suffix }
      statistic           = "Sum"
      period              = 60
      evaluation_periods  = 5
      datapoints_to_alarm = 3
      threshold           = var.alb_5xx_per_minute
      treat_missing_data  = "notBreaching"
    }
    target-5xx = {
      description         = "The service answered 5xx (unexpected errors, 503 UNAVAILABLE from a backing service)"
      namespace           = "AWS/ApplicationELB"
      metric_name         = "HTTPCode_Target_5XX_Count"
      dimensions          = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
      statistic           = "Sum"
      period              = 60
      evaluation_periods  = 5
      datapoints_to_alarm = 3
      threshold           = var.target_5xx_per_minute
      treat_missing_data  = "notBreaching"
    }
    unhealthy-hosts = {
      description        = "A task fails the /q/health/ready check of the target group"
      namespace          = "AWS/ApplicationELB"
      metric_name        = "UnHealthyHostCount"
      dimensions         = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
      statistic          = "Maximum"
      period             = 60
      evaluation_periods = 3
      threshold          = 0
      treat_missing_data = "notBreaching"
    }
    running-tasks = {
      description         = "Fewer tasks run than the service's minimum (tasks crash or cannot start)"
      namespace           = "ECS/ContainerInsights"
      metric_name         = "RunningTaskCount"
      dimensions          = { ClusterName = var.ecs_cluster_name, ServiceName = var.ecs_service_name }
      statistic           = "Minimum"
      period              = 60
      evaluation_periods  = 5
      threshold           = var.min_running_tasks
      comparison_operator = "LessThanThreshold"
    }
    # Shipped by the ADOT sidecar of modules/ecs-service. Missing data breaches too: a dead metrics pipeline
    # hides a stuck outbox as well as a healthy one.
    outbox-lag = {
      description         = "Payment events wait in the outbox: Kafka is unreachable or the relay is stuck"
      namespace           = var.metrics_namespace
      metric_name         = "flashcart_outbox_oldest_pending_age_seconds"
      dimensions          = { service = var.metrics_service }
      statistic           = "Maximum"
      period              = 60
      evaluation_periods  = 5
      datapoints_to_alarm = 3
      threshold           = var.outbox_lag_seconds
    }
  }

  ################################################################################
  # MySQL
  ################################################################################

  mysql_alarms = merge(
    {
      db-replica-lag = {
        description        = "The read replica is behind: the service sends every read to the primary meanwhile"
        namespace          = "AWS/RDS"
        metric_name        = "ReplicaLag"
        dimensions         = { DBInstanceIdentifier = var.db_replica_identifier }
        statistic          = "Maximum"
        period             = 60
        evaluation_periods = 5
        threshold          = var.replica_lag_seconds
      }
    },
    { for role, id in local.db_instances : "db-${role}-free-storage" => {
      description         = "Less than ${var.db_free_storage_gib} GiB free on the ${role} (autoscaling is capped)"
      namespace           = "AWS/RDS"
      metric_name         = "FreeStorageSpace"
      dimensions          = { DBInstanceIdentifier = id }
      statistic           = "Minimum"
      period              = 300
      evaluation_periods  = 1
      threshold           = var.db_free_storage_gib * 1024 * 1024 * 1024
      comparison_operator = "LessThanThreshold"
    } },
    { for role, id in local.db_instances : "db-${role}-cpu" => {
      description        = "The ${role} is CPU-bound"
      namespace          = "AWS/RDS"
      metric_name        = "CPUUtilization"
      dimensions         = { DBInstanceIdentifier = id }
      statistic          = "Average"
      period             = 300
      evaluation_periods = 3
      threshold          = var.db_cpu_percent
    } },
  )

  ################################################################################
  # Redis (sessions, coupons, rankings: evictions lose data the service relies on)
  ################################################################################

  redis_alarms = merge(
    { for node in var.redis_node_ids : "redis-${node}-memory" => {
      description        = "Redis node ${node} is filling its memory"
      namespace          = "AWS/ElastiCache"
      metric_name        = "DatabaseMemoryUsagePercentage"
      dimensions         = { CacheClusterId = node }
      statistic          = "Maximum"
      period             = 300
      evaluation_periods = 2
      threshold          = var.redis_memory_percent
    } },
    { for node in var.redis_node_ids : "redis-${node}-evictions" => {
      description        = "Redis node ${node} evicts keys (sessions, coupon holders)"
      namespace          = "AWS/ElastiCache"
      metric_name        = "Evictions"
      dimensions         = { CacheClusterId = node }
      statistic          = "Sum"
      period             = 300
      evaluation_periods = 1
      threshold          = 0
      treat_missing_data = "notBreaching"
    } },
  )

  ################################################################################
  # Kafka
  ################################################################################

  kafka_alarms = { for broker in var.msk_broker_ids : "kafka-broker-${broker}-disk" => {
    description        = "Kafka broker ${broker} is filling its data volume"
    namespace          = "AWS/Kafka"
    metric_name        = "KafkaDataLogsDiskUsed"
    dimensions         = { "Cluster Name" = var.msk_cluster_name, "Broker ID" = broker }
    statistic          = "Maximum"
    period             = 300
    evaluation_periods = 2
    threshold          = var.msk_disk_percent
  } }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = each.value.period
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = try(each.value.datapoints_to_alarm, null)
  threshold           = each.value.threshold
  comparison_operator = try(each.value.comparison_operator, "GreaterThanThreshold")
  treat_missing_data  = try(each.value.treat_missing_data, "breaching")
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}
