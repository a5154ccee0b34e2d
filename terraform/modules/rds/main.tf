resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.identifier}-"
  description = "Private subnets of ${var.identifier}"
  subnet_ids  = var.subnet_ids
  tags        = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Row-based binlog with GTIDs: the replica and any change-data-capture consumer need both.
resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.identifier}-"
  description = "Flashcart MySQL 8.0: ROW binlog, GTID replication"
  family      = "mysql8.0"

  parameter {
    name         = "binlog_format"
    value        = "ROW"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "gtid-mode"
    value        = "ON"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "enforce_gtid_consistency"
    value        = "ON"
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "character_set_server"
    value = "utf8mb4"
  }

  parameter {
    name  = "collation_server"
    value = "utf8mb4_0900_ai_ci"
  }

  parameter {
    name  = "time_zone"
    value = "UTC"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "primary" {
  identifier     = var.identifier
  engine         = "mysql"
  engine_version = var.engine_version
  instance_class = var.instance_class

  db_name  = var.db_name
  username = var.username
  # The master password lives in an RDS-managed Secrets Manager secret; it is never in code or state.
  manage_master_user_password = true

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true

  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name

  backup_retention_period   = var.backup_retention_days
  backup_window             = "18:00-19:00"
  maintenance_window        = "sun:19:30-sun:20:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.identifier}-final"

  auto_minor_version_upgrade      = true
  performance_insights_enabled    = var.performance_insights_enabled
  enabled_cloudwatch_logs_exports = ["error", "slowquery"]

  tags = var.tags
}

# Read replica for catalog pages and histories (FLASHCART_DB_REPLICA_URL).
resource "aws_db_instance" "replica" {
  identifier          = "${var.identifier}-replica"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = var.replica_instance_class

  storage_type      = "gp3"
  storage_encrypted = true

  multi_az               = false
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name

  backup_retention_period = 0
  deletion_protection     = true
  skip_final_snapshot     = true

  auto_minor_version_upgrade   = true
  performance_insights_enabled = var.performance_insights_enabled

  tags = var.tags
}
