# The role the project's pipelines assume through GitLab's OIDC tokens
# (id_tokens with aud = the GitLab URL): no long-lived AWS keys in CI
# variables. Only pipelines of protected branches and tags of the project
# may assume it.

data "tls_certificate" "gitlab" {
  url = var.gitlab_url
}

resource "aws_iam_openid_connect_provider" "gitlab" {
  url             = var.gitlab_url
  client_id_list  = [var.gitlab_url]
  thumbprint_list = [data.tls_certificate.gitlab.certificates[0].sha1_fingerprint]
}

data "aws_iam_policy_document" "ci_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.gitlab.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${trimprefix(var.gitlab_url, "https://")}:aud"
      values   = [var.gitlab_url]
    }

    condition {
      test     = "StringLike"
      variable = "${trimprefix(var.gitlab_url, "https://")}:sub"
      values = [
        "project_path:${var.gitlab_project_path}:ref_type:branch:ref:main",
        "project_path:${var.gitlab_project_path}:ref_type:tag:ref:squad-*",
      ]
    }
  }
}

resource "aws_iam_role" "ci" {
  name                 = "qareports-ci"
  description          = "Assumed by qa-reports' pipelines (GitLab OIDC) to run qareports: Terraform, eksctl, the cluster."
  assume_role_policy   = data.aws_iam_policy_document.ci_trust.json
  max_session_duration = 7200
}

# Terraform and eksctl make VPCs, IAM roles, RDS, EC2, S3, Route 53 and EKS:
# the role needs administrator rights in this account, which holds
# qa-reports only.
resource "aws_iam_role_policy_attachment" "ci" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
