output "alb_arn" {
  description = "ARN of the load balancer"
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (for CloudWatch metrics and request-count scaling)"
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer"
  value       = aws_lb.this.dns_name
}

output "target_group_arn" {
  description = "ARN of the target group the ECS service registers in"
  value       = aws_lb_target_group.this.arn

  # A service can register in a target group only once a listener forwards to it.
  depends_on = [aws_lb_listener.https]
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (for request-count scaling)"
  value       = aws_lb_target_group.this.arn_suffix
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener"
  value       = aws_lb_listener.https.arn
}

output "certificate_arn" {
  description = "ARN of the validated ACM certificate"
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "url" {
  description = "Public URL of the service"
  value       = "https://${var.domain_name}"
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL in front of the ALB"
  value       = aws_wafv2_web_acl.this.arn
}

output "access_logs_bucket" {
  description = "S3 bucket holding the ALB access logs (prefix alb/)"
  value       = aws_s3_bucket.access_logs.id
}
