# The groups and rules were one resource each until they became for_each maps; these blocks carry an existing
# state over to the new addresses instead of replacing the groups (and every ENI in them).

moved {
  from = aws_security_group.alb
  to   = aws_security_group.this["alb"]
}

moved {
  from = aws_security_group.app
  to   = aws_security_group.this["app"]
}

moved {
  from = aws_security_group.rds
  to   = aws_security_group.this["rds"]
}

moved {
  from = aws_security_group.redis
  to   = aws_security_group.this["redis"]
}

moved {
  from = aws_security_group.msk
  to   = aws_security_group.this["msk"]
}

moved {
  from = aws_security_group.rotation
  to   = aws_security_group.this["rotation"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.alb_https_ipv4
  to   = aws_vpc_security_group_ingress_rule.this["alb_https_ipv4"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.alb_https_ipv6
  to   = aws_vpc_security_group_ingress_rule.this["alb_https_ipv6"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.alb_http_ipv4
  to   = aws_vpc_security_group_ingress_rule.this["alb_http_ipv4"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.alb_http_ipv6
  to   = aws_vpc_security_group_ingress_rule.this["alb_http_ipv6"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.app_from_alb
  to   = aws_vpc_security_group_ingress_rule.this["app_from_alb"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.rds_from_app
  to   = aws_vpc_security_group_ingress_rule.this["rds_from_app"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.rds_from_rotation
  to   = aws_vpc_security_group_ingress_rule.this["rds_from_rotation"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.redis_from_app
  to   = aws_vpc_security_group_ingress_rule.this["redis_from_app"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.msk_from_app
  to   = aws_vpc_security_group_ingress_rule.this["msk_from_app"]
}

moved {
  from = aws_vpc_security_group_egress_rule.alb_to_app
  to   = aws_vpc_security_group_egress_rule.this["alb_to_app"]
}

moved {
  from = aws_vpc_security_group_egress_rule.app_all_ipv4
  to   = aws_vpc_security_group_egress_rule.this["app_all_ipv4"]
}

moved {
  from = aws_vpc_security_group_egress_rule.rotation_to_rds
  to   = aws_vpc_security_group_egress_rule.this["rotation_to_rds"]
}

moved {
  from = aws_vpc_security_group_egress_rule.rotation_https
  to   = aws_vpc_security_group_egress_rule.this["rotation_https"]
}
