#!/usr/bin/env bash
# Prints the image tag an environment runs (its Terraform output), or, for an environment never applied, the
# newest tag in the ECR repository. Plans of infrastructure-only changes and re-applies use it, so they keep the
# running image instead of inventing one.
#
#   terraform/scripts/current-image-tag.sh terraform/envs/prod
#
# Needs `terraform init` done in that folder; the ECR fallback needs AWS_REGION and ECR_REPOSITORY.
set -euo pipefail

dir=${1:?usage: $0 <terraform env folder>}
if tag=$(terraform -chdir="$dir" output -raw image_tag 2>/dev/null) && [[ -n $tag ]]; then
  printf '%s\n' "$tag"
  exit 0
fi

: "${AWS_REGION:?set AWS_REGION (the environment was never applied, so the tag comes from ECR)}"
: "${ECR_REPOSITORY:?set ECR_REPOSITORY (the environment was never applied, so the tag comes from ECR)}"
tag=$(aws ecr describe-images --region "$AWS_REGION" --repository-name "$ECR_REPOSITORY" --filter tagStatus=TAGGED \
  --query 'sort_by(imageDetails, &imagePushedAt)[-1].imageTags[0]' --output text)
if [[ -z $tag || $tag == None ]]; then
  echo "no image in $ECR_REPOSITORY yet: push one first (terraform/README.md, step 4)" >&2
  exit 1
fi
printf '%s\n' "$tag"
