#!/usr/bin/env bash
# Runs one Fargate task to completion and fails unless its essential container exits 0.
#
# Terraform calls it from terraform_data provisioners (Kafka topics, database users, schema migrations), and an
# operator may run it by hand with the same variables. Needs the AWS CLI v2 and credentials for the account.
#
#   AWS_REGION       region of the cluster
#   CLUSTER          ECS cluster ARN or name
#   TASK_DEFINITION  task definition ARN (family:revision)
#   SUBNETS          comma-separated private subnet IDs
#   SECURITY_GROUP   security group ID of the task
#   LOG_GROUP        CloudWatch log group the task writes to (named in error messages)
#   TASK_LABEL       what the task does, for messages (default: the task definition)
#   TIMEOUT_SECONDS  how long to wait for the task to stop (default 1800)
set -euo pipefail

: "${AWS_REGION:?}" "${CLUSTER:?}" "${TASK_DEFINITION:?}" "${SUBNETS:?}" "${SECURITY_GROUP:?}"
label=${TASK_LABEL:-$TASK_DEFINITION}
timeout=${TIMEOUT_SECONDS:-1800}

read -r task_arn failure < <(aws ecs run-task \
  --region "$AWS_REGION" \
  --cluster "$CLUSTER" \
  --task-definition "$TASK_DEFINITION" \
  --launch-type FARGATE \
  --started-by terraform \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$SECURITY_GROUP],assignPublicIp=DISABLED}" \
  --query '[tasks[0].taskArn, failures[0].reason]' --output text)
if [[ -z $task_arn || $task_arn == None ]]; then
  echo "$label: the task could not be started: ${failure:-unknown reason}" >&2
  exit 1
fi
echo "$label: started $task_arn"

# Poll rather than `aws ecs wait tasks-stopped`, whose 10 minutes are shorter than a long migration.
deadline=$((SECONDS + timeout))
while :; do
  status=$(aws ecs describe-tasks --region "$AWS_REGION" --cluster "$CLUSTER" --tasks "$task_arn" \
    --query 'tasks[0].lastStatus' --output text)
  [[ $status == STOPPED ]] && break
  if ((SECONDS > deadline)); then
    echo "$label: still $status after ${timeout}s; stopping it" >&2
    aws ecs stop-task --region "$AWS_REGION" --cluster "$CLUSTER" --task "$task_arn" --reason "timeout" >/dev/null
    exit 1
  fi
  sleep 10
done

exit_code=$(aws ecs describe-tasks --region "$AWS_REGION" --cluster "$CLUSTER" --tasks "$task_arn" \
  --query 'tasks[0].containers[?essential!=`false`] | [0].exitCode' --output text)
if [[ $exit_code != 0 ]]; then
  reason=$(aws ecs describe-tasks --region "$AWS_REGION" --cluster "$CLUSTER" --tasks "$task_arn" \
    --query 'tasks[0].stoppedReason' --output text)
  echo "$label: the task exited with '$exit_code' ($reason); its output is in log group ${LOG_GROUP:-?}" >&2
  exit 1
fi
echo "$label: done"
