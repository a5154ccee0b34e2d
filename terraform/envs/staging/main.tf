# Staging: the call of envs/prod with smaller sizes, so a change meets the same code path before production.

locals {
  tags = {
    Project     = "flashcart"
    Environment = "staging"
    ManagedBy   = "terraform"
  }
}

module "flashcart" {
  source = "../../modules/flashcart"

  environment = "staging"
  region      = var.region
  vpc_cidr    = "10.30.0.0/16"
  # One shared NAT gateway: about two thirds cheaper, at the price of AZ independence.
  single_nat_gateway = true

  task_memory = 1024
  max_tasks   = 4

  db_instance_class         = "db.t4g.medium"
  db_replica_instance_class = "db.t4g.medium"
  db_multi_az               = false
  db_allocated_storage      = 20
  db_max_allocated_storage  = 100

  redis_node_type          = "cache.t4g.small"
  redis_num_cache_clusters = 2

  msk_broker_instance_type = "kafka.t3.small"
  msk_broker_volume_size   = 20

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
