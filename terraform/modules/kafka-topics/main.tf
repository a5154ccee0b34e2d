# The AWS provider has no Kafka topic resource, and the brokers are reachable only from the application
# security group inside the VPC. So the topics are created by a one-off Fargate task in that security group,
# run with the stock Kafka CLI; Terraform starts it whenever the topic list (and so the task definition)
# changes, and fails the apply if the task does not exit 0. Creation is idempotent (--if-not-exists) and
# the topic configs are re-applied on every run.

locals {
  kafka_bin     = "/opt/kafka/bin"
  client_config = "/tmp/client.properties"

  create_commands = [
    for name, topic in var.topics : join(" ", concat(
      [
        "${local.kafka_bin}/kafka-topics.sh --bootstrap-server \"$BOOTSTRAP_SERVERS\" --command-config ${local.client_config}",
        "--create --if-not-exists --topic ${name}",
        "--partitions ${topic.partitions} --replication-factor ${topic.replication_factor}",
      ],
      [for key, value in topic.config : "--config ${key}=${value}"],
    ))
  ]

  config_commands = [
    for name, topic in var.topics : join(" ", [
      "${local.kafka_bin}/kafka-configs.sh --bootstrap-server \"$BOOTSTRAP_SERVERS\" --command-config ${local.client_config}",
      "--alter --entity-type topics --entity-name ${name}",
      "--add-config ${join(",", [for key, value in topic.config : "${key}=${value}"])}",
    ]) if length(topic.config) > 0
  ]

  describe_command = "${local.kafka_bin}/kafka-topics.sh --bootstrap-server \"$BOOTSTRAP_SERVERS\" --command-config ${local.client_config} --describe --topic ${join(",", keys(var.topics))}"

  script = join("\n", concat(
    ["set -eu", "echo security.protocol=SSL > ${local.client_config}"],
    local.create_commands,
    local.config_commands,
    [local.describe_command],
  ))
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = var.execution_role_arn

  container_definitions = jsonencode([{
    name       = "kafka-topics"
    image      = var.kafka_image
    essential  = true
    entryPoint = ["/bin/sh", "-c"]
    command    = [local.script]

    environment = [{ name = "BOOTSTRAP_SERVERS", value = var.bootstrap_brokers_tls }]

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.log_group_name
        awslogs-region        = var.region
        awslogs-stream-prefix = "kafka-topics"
      }
    }
  }])

  tags = var.tags
}

resource "terraform_data" "this" {
  triggers_replace = {
    task_definition = aws_ecs_task_definition.this.arn
    msk_cluster     = var.msk_cluster_arn
  }

  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = "bash ${path.module}/../../scripts/run-ecs-task.sh"

    environment = {
      AWS_REGION      = var.region
      CLUSTER         = var.ecs_cluster_arn
      TASK_DEFINITION = aws_ecs_task_definition.this.arn
      SUBNETS         = join(",", var.subnet_ids)
      SECURITY_GROUP  = var.security_group_id
      LOG_GROUP       = var.log_group_name
      TASK_LABEL      = "kafka-topics"
    }
  }
}
