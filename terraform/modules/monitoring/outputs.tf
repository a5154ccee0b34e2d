output "alarm_topic_arn" {
  description = "ARN of the SNS topic every alarm notifies"
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Names of the alarms"
  value       = [for alarm in aws_cloudwatch_metric_alarm.this : alarm.alarm_name]
}
