output "url" {
  description = "Public URL of the API"
  value       = module.flashcart.url
}

output "alb_dns_name" {
  description = "DNS name of the load balancer"
  value       = module.flashcart.alb_dns_name
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster"
  value       = module.flashcart.ecs_cluster_name
}

output "ecs_service_name" {
  description = "Name of the ECS service"
  value       = module.flashcart.ecs_service_name
}

output "ecs_task_definition_arn" {
  description = "Task definition revision the service was last given"
  value       = module.flashcart.ecs_task_definition_arn
}

output "image" {
  description = "Image the service runs"
  value       = module.flashcart.image
}

output "log_group_name" {
  description = "CloudWatch log group of the service, the migrations and the Kafka topic task"
  value       = module.flashcart.log_group_name
}

output "db_primary_address" {
  description = "Host name of the RDS primary"
  value       = module.flashcart.db_primary_address
}

output "db_replica_address" {
  description = "Host name of the RDS read replica"
  value       = module.flashcart.db_replica_address
}

output "db_master_secret_arn" {
  description = "ARN of the RDS master secret"
  value       = module.flashcart.db_master_secret_arn
}

output "db_app_secret_arn" {
  description = "ARN of the service's database secret (rotated)"
  value       = module.flashcart.db_app_secret_arn
}

output "db_migrator_secret_arn" {
  description = "ARN of the migration task's database secret (rotated)"
  value       = module.flashcart.db_migrator_secret_arn
}

output "redis_primary_endpoint" {
  description = "Host name of the Redis primary endpoint"
  value       = module.flashcart.redis_primary_endpoint
}

output "redis_auth_token_secret_arn" {
  description = "ARN of the Redis AUTH token secret"
  value       = module.flashcart.redis_auth_token_secret_arn
}

output "kafka_bootstrap_brokers_tls" {
  description = "TLS bootstrap brokers of the MSK cluster"
  value       = module.flashcart.kafka_bootstrap_brokers_tls
}

output "admin_password_secret_arn" {
  description = "ARN of the secret with the first admin's password"
  value       = module.flashcart.admin_password_secret_arn
}

output "alarm_topic_arn" {
  description = "SNS topic of every alarm"
  value       = module.flashcart.alarm_topic_arn
}

output "region" {
  description = "AWS region of the environment (terraform/scripts read it)"
  value       = var.region
}

output "image_tag" {
  description = "Image tag the environment runs (terraform/scripts/current-image-tag.sh reads it)"
  value       = var.image_tag
}
