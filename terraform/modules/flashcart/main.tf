# One whole Flashcart environment on the modules beside this one. envs/prod and envs/staging call it with their
# own sizes, so a change is applied to staging first through exactly the code production will run.

locals {
  name     = "flashcart-${var.environment}"
  azs      = var.azs != null ? var.azs : [for zone in ["a", "b", "c"] : "${var.region}${zone}"]
  app_port = 8080

  topic_defaults = {
    partitions         = var.kafka_topic_partitions
    replication_factor = 3
    config             = { "min.insync.replicas" = "2" }
  }

  # The RDS CA bundle is in the image as a PKCS12 trust store (src/main/docker/Dockerfile.native-micro). It is
  # handed to Connector/J for the database connections only, so the certificates of MSK and ElastiCache are
  # still checked against the default trust store. The store holds public certificates: its password guards
  # nothing, the PKCS12 format merely requires one.
  jdbc_truststore   = "trustCertificateKeyStoreUrl=file:/work/rds-truststore.p12&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit"
  jdbc_tls          = "sslMode=VERIFY_IDENTITY&${local.jdbc_truststore}"
  rds_ca_bundle_url = "https://truststore.pki.rds.amazonaws.com/${var.region}/${var.region}-bundle.pem"

  db_url_primary = "jdbc:mysql://${module.rds.primary_address}:${module.rds.port}/${module.rds.db_name}?${local.jdbc_tls}"
  db_url_replica = "jdbc:mysql://${module.rds.replica_address}:${module.rds.port}/${module.rds.db_name}?${local.jdbc_tls}"

  # What the service and the migration task have in common.
  service_environment = {
    FLASHCART_DB_PRIMARY_URL          = local.db_url_primary
    FLASHCART_DB_REPLICA_URL          = local.db_url_replica
    FLASHCART_REDIS_URL               = "rediss://${module.redis.primary_endpoint_address}:${module.redis.port}"
    FLASHCART_KAFKA_BOOTSTRAP_SERVERS = module.msk.bootstrap_brokers_tls
    FLASHCART_KAFKA_SECURITY_PROTOCOL = "SSL"
    FLASHCART_ADMIN_EMAIL             = var.admin_email
    # Connections reach the tasks from ALB nodes in the public subnets only: X-Forwarded-For entries added by
    # those addresses are trusted, the rightmost other one is the client.
    FLASHCART_TRUSTED_PROXIES = join(",", module.network.public_subnet_cidrs)
  }

  # What the service and the migration task both read from Secrets Manager; each adds its own database user.
  service_secrets = {
    FLASHCART_REDIS_PASSWORD = module.redis.auth_token_secret_arn
    FLASHCART_ADMIN_PASSWORD = aws_secretsmanager_secret.admin_password.arn
  }
}

################################################################################
# Network and security groups
################################################################################

module "network" {
  source = "../network"

  name               = local.name
  cidr               = var.vpc_cidr
  azs                = local.azs
  single_nat_gateway = var.single_nat_gateway
  tags               = var.tags
}

module "security_groups" {
  source = "../security-groups"

  name     = local.name
  vpc_id   = module.network.vpc_id
  app_port = local.app_port
  tags     = var.tags
}

################################################################################
# Edge: ALB, TLS certificate, DNS, WAF, access logs
################################################################################

module "alb" {
  source = "../alb"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  public_subnet_ids          = module.network.public_subnet_ids
  security_group_id          = module.security_groups.alb_security_group_id
  app_port                   = local.app_port
  health_check_path          = "/q/health/ready"
  domain_name                = var.domain_name
  zone_id                    = var.route53_zone_id
  enable_deletion_protection = var.deletion_protection
  login_rate_limit           = var.login_rate_limit
  tags                       = var.tags
}

################################################################################
# Data stores
################################################################################

module "rds" {
  source = "../rds"

  identifier              = local.name
  engine_version          = "8.4"
  parameter_group_family  = "mysql8.4"
  instance_class          = var.db_instance_class
  replica_instance_class  = var.db_replica_instance_class
  multi_az                = var.db_multi_az
  allocated_storage       = var.db_allocated_storage
  max_allocated_storage   = var.db_max_allocated_storage
  master_password_version = var.db_master_password_version
  deletion_protection     = var.deletion_protection
  db_name                 = "flashcart"
  username                = "flashcart_admin"
  subnet_ids              = module.network.private_subnet_ids
  security_group_id       = module.security_groups.rds_security_group_id
  tags                    = var.tags
}

module "db_users" {
  source = "../db-users"

  name                       = local.name
  region                     = var.region
  db_host                    = module.rds.primary_address
  db_port                    = module.rds.port
  db_name                    = module.rds.db_name
  master_username            = module.rds.master_username
  master_secret_arn          = module.rds.master_secret_arn
  app_username               = "flashcart_app"
  migrator_username          = "flashcart_migrator"
  ca_bundle_url              = local.rds_ca_bundle_url
  ecs_cluster_arn            = module.service.cluster_arn
  subnet_ids                 = module.network.private_subnet_ids
  task_security_group_id     = module.security_groups.app_security_group_id
  rotation_security_group_id = module.security_groups.rotation_security_group_id
  alarm_topic_arn            = module.monitoring.alarm_topic_arn
  tags                       = var.tags
}

module "redis" {
  source = "../redis"

  name                       = local.name
  node_type                  = var.redis_node_type
  num_cache_clusters         = var.redis_num_cache_clusters
  auth_token_update_strategy = var.redis_auth_token_update_strategy
  subnet_ids                 = module.network.private_subnet_ids
  security_group_id          = module.security_groups.redis_security_group_id
  tags                       = var.tags
}

module "msk" {
  source = "../msk"

  name                 = local.name
  broker_instance_type = var.msk_broker_instance_type
  broker_volume_size   = var.msk_broker_volume_size
  subnet_ids           = module.network.private_subnet_ids
  security_group_id    = module.security_groups.msk_security_group_id
  tags                 = var.tags
}

################################################################################
# The first admin's password (generated into Secrets Manager, never in the state)
################################################################################

ephemeral "random_password" "admin" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "admin_password" {
  name_prefix             = "${local.name}-admin-password-"
  description             = "Password of the first Flashcart admin (FLASHCART_ADMIN_PASSWORD)"
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "admin_password" {
  secret_id                = aws_secretsmanager_secret.admin_password.id
  secret_string_wo         = ephemeral.random_password.admin.result
  secret_string_wo_version = 1
}

################################################################################
# Service
################################################################################

module "service" {
  source = "../ecs-service"

  name                = local.name
  region              = var.region
  ecr_repository_name = var.ecr_repository_name
  image_tag           = var.image_tag
  container_port      = local.app_port
  liveness_path       = "/q/health/live"
  cpu                 = var.task_cpu
  memory              = var.task_memory
  desired_count       = var.min_tasks
  min_capacity        = var.min_tasks
  max_capacity        = var.max_tasks
  stop_timeout        = 30

  private_subnet_ids      = module.network.private_subnet_ids
  security_group_id       = module.security_groups.app_security_group_id
  target_group_arn        = module.alb.target_group_arn
  alb_arn_suffix          = module.alb.alb_arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix

  # The service logs in as the DML-only user and never migrates; the user name alternates with every
  # rotation, so it comes from the secret like the password.
  environment = merge(local.service_environment, {
    FLASHCART_DB_MIGRATE_AT_START = "false"
  })

  secrets = merge(local.service_secrets, {
    FLASHCART_DB_USERNAME = "${module.db_users.app_secret_arn}:username::"
    FLASHCART_DB_PASSWORD = "${module.db_users.app_secret_arn}:password::"
  })

  secret_arns = [
    module.db_users.app_secret_arn,
    module.redis.auth_token_secret_arn,
    aws_secretsmanager_secret.admin_password.arn,
  ]

  # Same image and settings, as the schema owner: Flyway migrates, then the process exits.
  migration_environment = merge(local.service_environment, {
    FLASHCART_DB_MIGRATE_AT_START = "true"
    QUARKUS_INIT_AND_EXIT         = "true"
  })

  migration_secrets = merge(local.service_secrets, {
    FLASHCART_DB_USERNAME = "${module.db_users.migrator_secret_arn}:username::"
    FLASHCART_DB_PASSWORD = "${module.db_users.migrator_secret_arn}:password::"
  })

  migration_secret_arns = [
    module.db_users.migrator_secret_arn,
    module.redis.auth_token_secret_arn,
    aws_secretsmanager_secret.admin_password.arn,
  ]

  migrate_after           = module.db_users.ready
  redeploy_on_rotation_of = [module.db_users.app_secret_arn]

  tags = var.tags
}

################################################################################
# Kafka topics (the AWS provider cannot create them; see terraform/README.md)
################################################################################

module "kafka_topics" {
  source = "../kafka-topics"

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
  tags                  = var.tags
}

################################################################################
# Alarms
################################################################################

module "monitoring" {
  source = "../monitoring"

  name                    = local.name
  alarm_email             = var.alarm_email
  alb_arn_suffix          = module.alb.alb_arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix
  ecs_cluster_name        = module.service.cluster_name
  ecs_service_name        = module.service.service_name
  min_running_tasks       = var.min_tasks
  metrics_namespace       = module.service.metrics_namespace
  metrics_service         = module.service.service_name
  db_primary_identifier   = module.rds.primary_identifier
  db_replica_identifier   = module.rds.replica_identifier
  redis_node_ids          = module.redis.node_ids
  msk_cluster_name        = module.msk.cluster_name
  msk_broker_ids          = module.msk.broker_ids
  tags                    = var.tags
}
