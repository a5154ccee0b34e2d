locals {
  tags = {
    Project     = "flashcart"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}

module "flashcart" {
  source = "../../modules/flashcart"

  environment         = var.environment
  region              = var.region
  azs                 = var.azs
  vpc_cidr            = var.vpc_cidr
  single_nat_gateway  = var.single_nat_gateway
  domain_name         = var.domain_name
  route53_zone_id     = var.route53_zone_id
  ecr_repository_name = var.ecr_repository_name
  image_tag           = var.image_tag
  admin_email         = var.admin_email
  alarm_email         = var.alarm_email
  deletion_protection = var.deletion_protection
  login_rate_limit    = var.login_rate_limit

  task_cpu    = var.task_cpu
  task_memory = var.task_memory
  min_tasks   = var.min_tasks
  max_tasks   = var.max_tasks

  db_instance_class          = var.db_instance_class
  db_replica_instance_class  = var.db_replica_instance_class
  db_multi_az                = var.db_multi_az
  db_allocated_storage       = var.db_allocated_storage
  db_max_allocated_storage   = var.db_max_allocated_storage
  db_master_password_version = var.db_master_password_version

  redis_node_type                  = var.redis_node_type
  redis_num_cache_clusters         = var.redis_num_cache_clusters
  redis_auth_token_update_strategy = var.redis_auth_token_update_strategy

  msk_broker_instance_type = var.msk_broker_instance_type
  msk_broker_volume_size   = var.msk_broker_volume_size
  kafka_topic_partitions   = var.kafka_topic_partitions

  tags = local.tags
}
