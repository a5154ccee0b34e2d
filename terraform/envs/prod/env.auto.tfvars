# Settings of this environment that are not secret and not sizes (the sizes are in main.tf).
# Committed on purpose: pull-request plans and the release workflow read the same values an operator does.
# Replace the example values before the first apply (terraform/README.md, step 3). Secrets never go here: the
# database passwords, the Redis AUTH token and the admin password are generated into Secrets Manager.
domain_name     = "api.flashcart.example"
route53_zone_id = "Z0123456789EXAMPLE"
admin_email     = "admin@flashcart.example"
alarm_email     = "oncall@flashcart.example"
