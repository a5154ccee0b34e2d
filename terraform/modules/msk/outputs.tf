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
