output "primary_address" {
  description = "Host name of the primary (writer) instance"
  value       = aws_db_instance.primary.address
}

output "replica_address" {
  description = "Host name of the read replica"
  value       = aws_db_instance.replica.address
}

output "port" {
  description = "MySQL port"
  value       = aws_db_instance.primary.port
}

output "db_name" {
  description = "Name of the application database"
  value       = aws_db_instance.primary.db_name
}

output "username" {
  description = "Master user name"
  value       = aws_db_instance.primary.username
}

output "master_user_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret holding the master password (JSON key \"password\")"
  value       = aws_db_instance.primary.master_user_secret[0].secret_arn
}
