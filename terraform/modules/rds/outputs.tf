output "primary_address" {
  description = "Host name of the primary (writer) instance"
  value       = aws_db_instance.primary.address
}

output "replica_address" {
  description = "Host name of the read replica"
  value       = aws_db_instance.replica.address
}

output "primary_identifier" {
  description = "Identifier of the primary instance (CloudWatch dimension DBInstanceIdentifier)"
  value       = aws_db_instance.primary.identifier
}

output "replica_identifier" {
  description = "Identifier of the read replica (CloudWatch dimension DBInstanceIdentifier)"
  value       = aws_db_instance.replica.identifier
}

output "port" {
  description = "MySQL port"
  value       = aws_db_instance.primary.port
}

output "db_name" {
  description = "Name of the application database"
  value       = aws_db_instance.primary.db_name
}

output "master_username" {
  description = "Master user name"
  value       = aws_db_instance.primary.username
}

output "master_secret_arn" {
  description = "ARN of the secret holding the master credentials (JSON: engine, host, port, dbname, username, password)"
  value       = aws_secretsmanager_secret.master.arn
}
