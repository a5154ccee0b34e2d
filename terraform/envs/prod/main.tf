# Production. The arguments below are all that differs from envs/staging (the same call, smaller); the rest is
# modules/flashcart, so staging applies exactly the code production will run.

locals {
  tags = {
    Project     = "flashcart"
    Environment = "prod"
    ManagedBy   = "terraform"
  }
}

module "flashcart" {
  source = "../../modules/flashcart"

  environment = "prod"
  region      = var.region
  vpc_cidr    = "10.20.0.0/16"
  # One NAT gateway per AZ: losing an AZ cuts no other AZ's egress.
  single_nat_gateway = false

  task_memory = 2048
  max_tasks   = 10

  db_instance_class         = "db.r6g.large"
  db_replica_instance_class = "db.r6g.large"
  db_multi_az               = true
  db_allocated_storage      = 50
  db_max_allocated_storage  = 500

  redis_node_type          = "cache.r7g.large"
  redis_num_cache_clusters = 3

  msk_broker_instance_type = "kafka.m7g.large"
  msk_broker_volume_size   = 100

  # Settings from env.auto.tfvars, and what a run may pass with -var
  domain_name                      = var.domain_name
  route53_zone_id                  = var.route53_zone_id
  admin_email                      = var.admin_email
  alarm_email                      = var.alarm_email
  image_tag                        = var.image_tag
  db_master_password_version       = var.db_master_password_version
  redis_auth_token_update_strategy = var.redis_auth_token_update_strategy

  tags = local.tags
}
