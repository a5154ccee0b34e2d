# What every environment needs before its first apply, created once per AWS account with local state:
#   - the S3 bucket holding the environments' states (locked with S3 lock files: no DynamoDB table);
#   - the ECR repository of the native image, shared by staging and production so production runs the very
#     image staging ran;
#   - GitHub Actions' OIDC identity provider and the roles the workflows assume, each bound to the one
#     repository event that needs it (see terraform/README.md, "Release path").

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  github_subject = "repo:${var.github_subject_repository != "" ? var.github_subject_repository : var.github_repository}"
  oidc_host      = "token.actions.githubusercontent.com"
  state_objects  = "${aws_s3_bucket.state.arn}/*"
}

################################################################################
# Terraform state
################################################################################

resource "aws_s3_bucket" "state" {
  bucket = var.state_bucket_name

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Old state versions are the way back from a bad apply; keep them a quarter, not forever.
resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

data "aws_iam_policy_document" "state_tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.state.arn, local.state_objects]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = data.aws_iam_policy_document.state_tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.state]
}

################################################################################
# Image repository
################################################################################

resource "aws_ecr_repository" "this" {
  name                 = var.ecr_repository_name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# Rollbacks need old images: keep many tagged ones, drop untagged layers quickly.
resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Untagged images go after a week"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the last ${var.ecr_keep_images} images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.ecr_keep_images
        }
        action = { type = "expire" }
      },
    ]
  })
}

################################################################################
# GitHub Actions: OIDC provider and roles
################################################################################

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
}

# One trust policy per role: the audience is always STS, the subject names the repository and the one context
# allowed (a pull request, the main branch, or a GitHub environment with its own protection rules).
data "aws_iam_policy_document" "github_trust" {
  for_each = {
    plan       = ["${local.github_subject}:pull_request", "${local.github_subject}:ref:refs/heads/main"]
    ecr-push   = ["${local.github_subject}:ref:refs/heads/main"]
    staging    = ["${local.github_subject}:environment:staging"]
    production = ["${local.github_subject}:environment:production"]
  }

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = each.value
    }
  }
}

# Plans of pull requests and of main: read the account and the state, write nothing. Plans run with
# -lock=false, so not even a lock object. GetSecretValue on the environments' own secrets is needed because a
# plan refreshes aws_secretsmanager_secret_version; the state holds the Redis token anyway (modules/redis).
resource "aws_iam_role" "plan" {
  name               = "${var.name_prefix}-github-plan"
  description        = "GitHub Actions: terraform plan (read-only)"
  assume_role_policy = data.aws_iam_policy_document.github_trust["plan"].json
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "plan" {
  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn, local.state_objects]
  }

  statement {
    sid       = "RefreshEnvironmentSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:${data.aws_partition.current.partition}:secretsmanager:*:${data.aws_caller_identity.current.account_id}:secret:flashcart-*"]
  }
}

resource "aws_iam_role_policy" "plan" {
  name   = "plan"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan.json
}

# Pushes of the image built from main, and nothing else.
resource "aws_iam_role" "ecr_push" {
  name               = "${var.name_prefix}-github-ecr-push"
  description        = "GitHub Actions: push the native image built from main"
  assume_role_policy = data.aws_iam_policy_document.github_trust["ecr-push"].json
}

data "aws_iam_policy_document" "ecr_push" {
  statement {
    sid       = "Login"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "PushToTheRepository"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [aws_ecr_repository.this.arn]
  }
}

resource "aws_iam_role_policy" "ecr_push" {
  name   = "ecr-push"
  role   = aws_iam_role.ecr_push.id
  policy = data.aws_iam_policy_document.ecr_push.json
}

# Applies: one role per environment, assumable only by a job running in that GitHub environment, whose
# protection rules (required reviewers for production, main only) GitHub enforces before the job starts.
# Applying this stack creates IAM roles, VPCs, databases ...: the roles get AdministratorAccess, bounded by
# who can run in the environment rather than by a policy that would have to list every action of every module.
resource "aws_iam_role" "apply" {
  for_each = toset(["staging", "production"])

  name                 = "${var.name_prefix}-github-apply-${each.key}"
  description          = "GitHub Actions: terraform apply and ECS deploy of ${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.github_trust[each.key].json
  max_session_duration = 7200
}

resource "aws_iam_role_policy_attachment" "apply_admin" {
  for_each = aws_iam_role.apply

  role       = each.value.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}
