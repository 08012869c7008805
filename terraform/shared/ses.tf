# What the SMTP relay may do in SES: send raw mail, as the allowed senders
# only. eksctl attaches this policy to the role of the relay's service
# account (k8s/cluster.yml, iam.serviceAccounts), so no node needs it.
data "aws_iam_policy_document" "smtp_relay" {
  statement {
    sid       = "SendAsTheEnvironmentsSendersOnly"
    effect    = "Allow"
    actions   = ["ses:SendRawEmail"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = var.allowed_senders
    }
  }
}

resource "aws_iam_policy" "smtp_relay" {
  name        = "qareports-smtp-relay"
  description = "The SMTP relay's SES rights: ses:SendRawEmail from qa-reports' senders only."
  policy      = data.aws_iam_policy_document.smtp_relay.json
}
