#!/usr/bin/env bash
# Runs the Kafka topic task once inside the VPC and fails unless it exits 0.
# Called by terraform_data.this (local-exec); needs the AWS CLI v2 and the caller's AWS credentials.
set -euo pipefail

task_arn=$(aws ecs run-task \
  --region "$AWS_REGION" \
  --cluster "$CLUSTER" \
  --task-definition "$TASK_DEFINITION" \
  --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$SECURITY_GROUP],assignPublicIp=DISABLED}" \
  --query 'tasks[0].taskArn' --output text)

if [[ -z "$task_arn" || "$task_arn" == "None" ]]; then
  echo "kafka-topics: the task could not be started" >&2
  exit 1
fi
echo "kafka-topics: started $task_arn"

aws ecs wait tasks-stopped --region "$AWS_REGION" --cluster "$CLUSTER" --tasks "$task_arn"

exit_code=$(aws ecs describe-tasks --region "$AWS_REGION" --cluster "$CLUSTER" --tasks "$task_arn" \
  --query 'tasks[0].containers[0].exitCode' --output text)

if [[ "$exit_code" != "0" ]]; then
  echo "kafka-topics: task exited with '$exit_code'; see log group $LOG_GROUP, stream prefix kafka-topics" >&2
  exit 1
fi
echo "kafka-topics: topics are in place"
