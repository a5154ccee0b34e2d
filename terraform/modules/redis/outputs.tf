output "primary_endpoint_address" {
  description = "Host name of the primary endpoint (follows failovers)"
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint_address" {
  description = "Host name of the reader endpoint"
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "Redis port"
  value       = aws_elasticache_replication_group.this.port
}

output "auth_token_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the AUTH token as a plain string"
  value       = aws_secretsmanager_secret.auth_token.arn
}

output "replication_group_id" {
  description = "ID of the replication group"
  value       = aws_elasticache_replication_group.this.id
}

output "node_ids" {
  description = "Cache cluster IDs of the nodes (ElastiCache names them <group>-001, -002 ...), known at plan time"
  value       = [for i in range(var.num_cache_clusters) : format("%s-%03d", var.name, i + 1)]
}
