output "state_bucket_name" {
  description = "Name of the state bucket (backend \"bucket\")"
  value       = aws_s3_bucket.this.bucket
}

output "lock_table_name" {
  description = "Name of the lock table (backend \"dynamodb_table\")"
  value       = aws_dynamodb_table.locks.name
}
