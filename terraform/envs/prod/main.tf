locals {
  name     = "flashcart-${var.environment}"
  app_port = 8080

  tags = {
    Project     = "flashcart"
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  topic_defaults = {
    partitions         = 6
    replication_factor = 3
    config             = { "min.insync.replicas" = "2" }
  }
}

################################################################################
# Network and security groups
################################################################################

module "network" {
  source = "../../modules/network"

  name               = local.name
  cidr               = var.vpc_cidr
  azs                = var.azs
  single_nat_gateway = var.single_nat_gateway
  tags               = local.tags
}

module "security_groups" {
  source = "../../modules/security-groups"

  name     = local.name
  vpc_id   = module.network.vpc_id
  app_port = local.app_port
  tags     = local.tags
}

################################################################################
# Edge: ALB, TLS certificate, DNS
################################################################################

module "alb" {
  source = "../../modules/alb"

  name              = local.name
  vpc_id            = module.network.vpc_id
  public_subnet_ids = module.network.public_subnet_ids
  security_group_id = module.security_groups.alb_security_group_id
  app_port          = local.app_port
  health_check_path = "/q/health/ready"
  domain_name       = var.domain_name
  zone_id           = var.route53_zone_id
  tags              = local.tags
}

################################################################################
# Data stores
################################################################################

module "rds" {
  source = "../../modules/rds"

  identifier             = local.name
  instance_class         = var.db_instance_class
  replica_instance_class = var.db_replica_instance_class
  db_name                = "flashcart"
  username               = "flashcart"
  subnet_ids             = module.network.private_subnet_ids
  security_group_id      = module.security_groups.rds_security_group_id
  tags                   = local.tags
}

module "redis" {
  source = "../../modules/redis"

  name              = local.name
  node_type         = var.redis_node_type
  subnet_ids        = module.network.private_subnet_ids
  security_group_id = module.security_groups.redis_security_group_id
  tags              = local.tags
}

module "msk" {
  source = "../../modules/msk"

  name                 = local.name
  broker_instance_type = var.msk_broker_instance_type
  subnet_ids           = module.network.private_subnet_ids
  security_group_id    = module.security_groups.msk_security_group_id
  tags                 = local.tags
}

################################################################################
# Application secrets that no managed service generates
################################################################################

resource "random_password" "admin" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "admin_password" {
  name_prefix             = "${local.name}-admin-password-"
  description             = "Password of the first Flashcart admin (FLASHCART_ADMIN_PASSWORD)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "admin_password" {
  secret_id     = aws_secretsmanager_secret.admin_password.id
  secret_string = random_password.admin.result
}

################################################################################
# Service
################################################################################

module "service" {
  source = "../../modules/ecs-service"

  name           = local.name
  region         = var.region
  image_tag      = var.image_tag
  container_port = local.app_port
  liveness_path  = "/q/health/live"
  cpu            = var.task_cpu
  memory         = var.task_memory
  desired_count  = 2
  min_capacity   = var.min_tasks
  max_capacity   = var.max_tasks
  stop_timeout   = 30

  private_subnet_ids      = module.network.private_subnet_ids
  security_group_id       = module.security_groups.app_security_group_id
  target_group_arn        = module.alb.target_group_arn
  alb_arn_suffix          = module.alb.alb_arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix

  environment = {
    FLASHCART_DB_PRIMARY_URL          = "jdbc:mysql://${module.rds.primary_address}:${module.rds.port}/${module.rds.db_name}"
    FLASHCART_DB_REPLICA_URL          = "jdbc:mysql://${module.rds.replica_address}:${module.rds.port}/${module.rds.db_name}"
    FLASHCART_DB_USERNAME             = module.rds.username
    FLASHCART_REDIS_URL               = "rediss://${module.redis.primary_endpoint_address}:${module.redis.port}"
    FLASHCART_KAFKA_BOOTSTRAP_SERVERS = module.msk.bootstrap_brokers_tls
    FLASHCART_KAFKA_SECURITY_PROTOCOL = "SSL"
    FLASHCART_ADMIN_EMAIL             = var.admin_email
  }

  secrets = {
    FLASHCART_DB_PASSWORD    = "${module.rds.master_user_secret_arn}:password::"
    FLASHCART_REDIS_PASSWORD = module.redis.auth_token_secret_arn
    FLASHCART_ADMIN_PASSWORD = aws_secretsmanager_secret.admin_password.arn
  }

  secret_arns = [
    module.rds.master_user_secret_arn,
    module.redis.auth_token_secret_arn,
    aws_secretsmanager_secret.admin_password.arn,
  ]

  tags = local.tags

  # The target group must be attached to a listener before a service can register in it.
  depends_on = [module.alb]
}

################################################################################
# Kafka topics (the AWS provider cannot create them; see terraform/README.md)
################################################################################

module "kafka_topics" {
  source = "../../modules/kafka-topics"

  name   = "${local.name}-kafka-topics"
  region = var.region

  topics = {
    "payment-completed" = local.topic_defaults
    "order-cancelled"   = local.topic_defaults
  }

  bootstrap_brokers_tls = module.msk.bootstrap_brokers_tls
  msk_cluster_arn       = module.msk.cluster_arn
  ecs_cluster_arn       = module.service.cluster_arn
  execution_role_arn    = module.service.execution_role_arn
  log_group_name        = module.service.log_group_name
  subnet_ids            = module.network.private_subnet_ids
  security_group_id     = module.security_groups.app_security_group_id
  tags                  = local.tags
}
