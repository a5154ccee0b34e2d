output "alb_security_group_id" {
  description = "ID of the ALB security group"
  value       = aws_security_group.this["alb"].id
}

output "app_security_group_id" {
  description = "ID of the application (ECS task) security group"
  value       = aws_security_group.this["app"].id
}

output "rds_security_group_id" {
  description = "ID of the RDS security group"
  value       = aws_security_group.this["rds"].id
}

output "redis_security_group_id" {
  description = "ID of the ElastiCache security group"
  value       = aws_security_group.this["redis"].id
}

output "msk_security_group_id" {
  description = "ID of the MSK security group"
  value       = aws_security_group.this["msk"].id
}

output "rotation_security_group_id" {
  description = "ID of the secret-rotation Lambda security group"
  value       = aws_security_group.this["rotation"].id
}
