# One security group per tier. Only the ALB faces the internet; every data store accepts its port from the
# application security group and nothing else (RDS also from the secret-rotation Lambda, which changes passwords).

locals {
  # Tier => description of its security group.
  security_groups = {
    alb      = "Flashcart ALB: HTTPS and HTTP (redirect) from the internet"
    app      = "Flashcart ECS tasks: HTTP ${var.app_port} from the ALB only"
    rds      = "Flashcart RDS MySQL: 3306 from the application only"
    redis    = "Flashcart ElastiCache Redis: 6379 from the application only"
    msk      = "Flashcart MSK: Kafka over TLS (9094) from the application only"
    rotation = "Flashcart secret-rotation Lambda: MySQL and the Secrets Manager API, no ingress"
  }

  # Every rule by name: the tier's group it belongs to and the other side, a tier's group
  # (referenced_security_group) or a CIDR. A rule is TCP on one port unless it gives another ip_protocol.
  ingress_rules = {
    # ALB: HTTPS, and HTTP answered with a redirect, from the internet
    alb_https_ipv4 = {
      security_group = "alb"
      description    = "HTTPS from the internet"
      port           = 443
      cidr_ipv4      = "0.0.0.0/0"
    }
    alb_https_ipv6 = {
      security_group = "alb"
      description    = "HTTPS from the internet (IPv6)"
      port           = 443
      cidr_ipv6      = "::/0"
    }
    alb_http_ipv4 = {
      security_group = "alb"
      description    = "HTTP from the internet, answered with a redirect to HTTPS"
      port           = 80
      cidr_ipv4      = "0.0.0.0/0"
    }
    alb_http_ipv6 = {
      security_group = "alb"
      description    = "HTTP from the internet (IPv6), answered with a redirect to HTTPS"
      port           = 80
      cidr_ipv6      = "::/0"
    }

    # Application (ECS tasks)
    app_from_alb = {
      security_group            = "app"
      description               = "HTTP from the ALB only"
      port                      = var.app_port
      referenced_security_group = "alb"
    }

    # Data stores: from the application security group only
    rds_from_app = {
      security_group            = "rds"
      description               = "MySQL from the application"
      port                      = 3306
      referenced_security_group = "app"
    }
    rds_from_rotation = {
      security_group            = "rds"
      description               = "MySQL from the secret-rotation Lambda (creates and updates the service's users)"
      port                      = 3306
      referenced_security_group = "rotation"
    }
    redis_from_app = {
      security_group            = "redis"
      description               = "Redis (TLS) from the application"
      port                      = 6379
      referenced_security_group = "app"
    }
    msk_from_app = {
      security_group            = "msk"
      description               = "Kafka over TLS from the application"
      port                      = 9094
      referenced_security_group = "app"
    }
  }

  egress_rules = {
    alb_to_app = {
      security_group            = "alb"
      description               = "Requests and health checks to the tasks"
      port                      = var.app_port
      referenced_security_group = "app"
    }
    # Through the NAT gateways: ECR, Secrets Manager, CloudWatch Logs, and the data stores.
    app_all_ipv4 = {
      security_group = "app"
      description    = "All outbound traffic"
      ip_protocol    = "-1"
      cidr_ipv4      = "0.0.0.0/0"
    }

    # Secret-rotation Lambda: out to MySQL and to the Secrets Manager API (through the NAT gateways)
    rotation_to_rds = {
      security_group            = "rotation"
      description               = "MySQL"
      port                      = 3306
      referenced_security_group = "rds"
    }
    rotation_https = {
      security_group = "rotation"
      description    = "Secrets Manager API over HTTPS"
      port           = 443
      cidr_ipv4      = "0.0.0.0/0"
    }
  }
}

resource "aws_security_group" "this" {
  for_each = local.security_groups

  name_prefix = "${var.name}-${each.key}-"
  description = each.value
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-${each.key}" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = local.ingress_rules

  security_group_id            = aws_security_group.this[each.value.security_group].id
  description                  = each.value.description
  ip_protocol                  = try(each.value.ip_protocol, "tcp")
  from_port                    = try(each.value.port, null)
  to_port                      = try(each.value.port, null)
  referenced_security_group_id = try(aws_security_group.this[each.value.referenced_security_group].id, null)
  cidr_ipv4                    = try(each.value.cidr_ipv4, null)
  cidr_ipv6                    = try(each.value.cidr_ipv6, null)
}

resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = local.egress_rules

  security_group_id            = aws_security_group.this[each.value.security_group].id
  description                  = each.value.description
  ip_protocol                  = try(each.value.ip_protocol, "tcp")
  from_port                    = try(each.value.port, null)
  to_port                      = try(each.value.port, null)
  referenced_security_group_id = try(aws_security_group.this[each.value.referenced_security_group].id, null)
  cidr_ipv4                    = try(each.value.cidr_ipv4, null)
  cidr_ipv6                    = try(each.value.cidr_ipv6, null)
}
