# The AWS provider has no Kafka topic resource, and the brokers are reachable only from the application
# security group inside the VPC. So the topics are created by a one-off Fargate task (modules/ecs-task) in that
# security group, run with the stock Kafka CLI; Terraform starts it whenever the topic list (and so the task
# definition) changes, and fails the apply if the task does not exit 0. Creation is idempotent
# (--if-not-exists) and the topic configs are re-applied on every run.

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

module "task" {
  source = "../ecs-task"

  name   = var.name
  label  = "kafka-topics"
  region = var.region
  cpu    = 512
  memory = 1024

  container = {
    name        = "kafka-topics"
    image       = var.kafka_image
    entryPoint  = ["/bin/sh", "-c"]
    command     = [local.script]
    environment = [{ name = "BOOTSTRAP_SERVERS", value = var.bootstrap_brokers_tls }]
  }

  # The task reads no secret: an execution role that pulls the image and writes the log group will do.
  create_execution_role = false
  execution_role_arn    = var.execution_role_arn

  cluster_arn       = var.ecs_cluster_arn
  subnet_ids        = var.subnet_ids
  security_group_id = var.security_group_id
  log_group_name    = var.log_group_name
  triggers          = { msk_cluster = var.msk_cluster_arn }
  tags              = var.tags
}
