#!/usr/bin/env bash
# Waits until an environment's ECS service has finished rolling out the task definition Terraform just applied,
# and fails if ECS rolled the deployment back (the circuit breaker returns to the last healthy revision when new
# tasks never pass their health checks, which by itself would still look "stable").
#
#   terraform/scripts/wait-for-deploy.sh terraform/envs/prod [timeout-seconds]
#
# Run it after `terraform apply` in that folder: it reads the folder's outputs. Needs the AWS CLI v2.
set -euo pipefail

dir=${1:?usage: $0 <terraform env folder> [timeout-seconds]}
timeout=${2:-1800}
out() { terraform -chdir="$dir" output -raw "$1"; }

region=$(out region)
cluster=$(out ecs_cluster_name)
service=$(out ecs_service_name)
expected=$(out ecs_task_definition_arn)
echo "waiting for $service to run $expected"

deadline=$((SECONDS + timeout))
while :; do
  read -r task_definition state reason < <(aws ecs describe-services --region "$region" --cluster "$cluster" \
    --services "$service" \
    --query 'services[0].deployments[?status==`PRIMARY`] | [0].[taskDefinition, rolloutState, rolloutStateReason]' \
    --output text)
  if [[ $task_definition != "$expected" ]]; then
    echo "ECS now runs $task_definition, not $expected: the deployment was rolled back ($reason)" >&2
    echo "See terraform/README.md, \"Rollback\", to pin Terraform to the revision that runs." >&2
    exit 1
  fi
  case $state in
    COMPLETED) echo "deployed: $expected"; exit 0 ;;
    FAILED) echo "deployment failed: $reason" >&2; exit 1 ;;
  esac
  if ((SECONDS > deadline)); then
    echo "deployment still $state after ${timeout}s: $reason" >&2
    exit 1
  fi
  sleep 15
done
