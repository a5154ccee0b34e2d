output "alarm_topic_arn" {
  description = "ARN of the SNS topic every alarm notifies"
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Names of the alarms"
  value = concat(
    [
      aws_cloudwatch_metric_alarm.alb_5xx.alarm_name,
      aws_cloudwatch_metric_alarm.target_5xx.alarm_name,
      aws_cloudwatch_metric_alarm.unhealthy_hosts.alarm_name,
      aws_cloudwatch_metric_alarm.running_tasks.alarm_name,
      aws_cloudwatch_metric_alarm.outbox_lag.alarm_name,
      aws_cloudwatch_metric_alarm.replica_lag.alarm_name,
    ],
    [for a in aws_cloudwatch_metric_alarm.db_free_storage : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.db_cpu : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.redis_memory : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.redis_evictions : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.msk_disk : a.alarm_name],
  )
}
