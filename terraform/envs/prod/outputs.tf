output "url" {
  description = "Public URL of the API"
  value       = module.alb.url
}

output "alb_dns_name" {
  description = "DNS name of the load balancer"
  value       = module.alb.alb_dns_name
}

output "ecr_repository_url" {
  description = "ECR repository to push the native image to"
  value       = module.service.ecr_repository_url
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster"
  value       = module.service.cluster_name
}

output "ecs_service_name" {
  description = "Name of the ECS service"
  value       = module.service.service_name
}

output "db_primary_address" {
  description = "Host name of the RDS primary"
  value       = module.rds.primary_address
}

output "db_replica_address" {
  description = "Host name of the RDS read replica"
  value       = module.rds.replica_address
}

output "db_master_user_secret_arn" {
  description = "ARN of the RDS-managed secret with the database password"
  value       = module.rds.master_user_secret_arn
}

output "redis_primary_endpoint" {
  description = "Host name of the Redis primary endpoint"
  value       = module.redis.primary_endpoint_address
}

output "kafka_bootstrap_brokers_tls" {
  description = "TLS bootstrap brokers of the MSK cluster"
  value       = module.msk.bootstrap_brokers_tls
}

output "admin_password_secret_arn" {
  description = "ARN of the secret with the first admin's password"
  value       = aws_secretsmanager_secret.admin_password.arn
}

output "kafka_topics_task_definition_arn" {
  description = "Task definition that (re)creates the Kafka topics"
  value       = module.kafka_topics.task_definition_arn
}
