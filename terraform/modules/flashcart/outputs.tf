output "url" {
  description = "Public URL of the API"
  value       = module.alb.url
}

output "alb_dns_name" {
  description = "DNS name of the load balancer"
  value       = module.alb.alb_dns_name
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster"
  value       = module.service.cluster_name
}

output "ecs_service_name" {
  description = "Name of the ECS service"
  value       = module.service.service_name
}

output "ecs_task_definition_arn" {
  description = "Task definition revision the service was last given"
  value       = module.service.task_definition_arn
}

output "image" {
  description = "Image the service runs"
  value       = module.service.image
}

output "log_group_name" {
  description = "CloudWatch log group of the service, the migrations and the Kafka topic task"
  value       = module.service.log_group_name
}

output "db_primary_address" {
  description = "Host name of the RDS primary"
  value       = module.rds.primary_address
}

output "db_replica_address" {
  description = "Host name of the RDS read replica"
  value       = module.rds.replica_address
}

output "db_master_secret_arn" {
  description = "ARN of the RDS master secret"
  value       = module.rds.master_secret_arn
}

output "db_app_secret_arn" {
  description = "ARN of the service's database secret (rotated)"
  value       = module.db_users.app_secret_arn
}

output "db_migrator_secret_arn" {
  description = "ARN of the migration task's database secret (rotated)"
  value       = module.db_users.migrator_secret_arn
}

output "redis_primary_endpoint" {
  description = "Host name of the Redis primary endpoint"
  value       = module.redis.primary_endpoint_address
}

output "redis_auth_token_secret_arn" {
  description = "ARN of the Redis AUTH token secret"
  value       = module.redis.auth_token_secret_arn
}

output "kafka_bootstrap_brokers_tls" {
  description = "TLS bootstrap brokers of the MSK cluster"
  value       = module.msk.bootstrap_brokers_tls
}

output "admin_password_secret_arn" {
  description = "ARN of the secret with the first admin's password"
  value       = aws_secretsmanager_secret.admin_password.arn
}

output "alarm_topic_arn" {
  description = "SNS topic of every alarm"
  value       = module.monitoring.alarm_topic_arn
}
