output "cluster_arn" {
  description = "ARN of the MSK cluster"
  value       = aws_msk_cluster.this.arn
}

output "bootstrap_brokers_tls" {
  description = "Comma-separated host:9094 list of the brokers' TLS listeners"
  value       = aws_msk_cluster.this.bootstrap_brokers_tls
}

output "configuration_arn" {
  description = "ARN of the broker configuration"
  value       = aws_msk_configuration.this.arn
}

output "cluster_name" {
  description = "Name of the MSK cluster (CloudWatch dimension \"Cluster Name\")"
  value       = aws_msk_cluster.this.cluster_name
}

output "broker_ids" {
  description = "Broker IDs (CloudWatch dimension \"Broker ID\"): MSK numbers the brokers from 1"
  value       = [for i in range(aws_msk_cluster.this.number_of_broker_nodes) : tostring(i + 1)]
}
