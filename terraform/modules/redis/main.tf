# ElastiCache AUTH tokens allow 16-128 printable characters without @, " or /; alphanumerics avoid every
# escaping problem in URLs and shells. Unlike the database passwords this one is in the Terraform state: the
# replication group has no write-only token argument (hashicorp/aws 6.25), and the state bucket is encrypted and
# readable only by the deploy roles.
resource "random_password" "auth_token" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "auth_token" {
  name_prefix             = "${var.name}-redis-auth-token-"
  description             = "AUTH token of the ${var.name} ElastiCache replication group (FLASHCART_REDIS_PASSWORD)"
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "auth_token" {
  secret_id     = aws_secretsmanager_secret.auth_token.id
  secret_string = random_password.auth_token.result
}

resource "aws_elasticache_subnet_group" "this" {
  name        = var.name
  description = "Private subnets of ${var.name}"
  subnet_ids  = var.subnet_ids
  tags        = var.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Flashcart sessions, caches, rankings and coupon counters"

  engine               = "redis"
  engine_version       = var.engine_version
  parameter_group_name = var.parameter_group_name
  node_type            = var.node_type
  port                 = 6379

  # One primary and replicas spread over the AZs; a failed primary is replaced by a replica automatically.
  # Cluster mode stays disabled: the product caches keep a logical database of their own (SELECT 2).
  num_cache_clusters         = var.num_cache_clusters
  automatic_failover_enabled = true
  multi_az_enabled           = true

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [var.security_group_id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.auth_token.result
  # ROTATE keeps the old token valid beside the new one until a later change with SET (terraform/README.md,
  # "Secret rotation"), so running tasks never lose Redis in between.
  auth_token_update_strategy = var.auth_token_update_strategy

  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = "17:00-18:00"
  maintenance_window         = "sun:20:30-sun:21:30"
  auto_minor_version_upgrade = true
  apply_immediately          = false

  tags = var.tags
}
