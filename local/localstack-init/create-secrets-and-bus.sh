#!/bin/sh
# Runs inside LocalStack after create-queues.sh (scripts run in name order): the event bus and the
# secrets template.yaml declares. Each "# template:" line names the resource the next command
# stands for (ComposeConsistencyTest checks them against the template).
set -e

# The result cache's AUTH token: the password docker-compose.yml gives Redis (from .env).
# template: CacheAuthToken
awslocal secretsmanager create-secret --name sqm/cache-auth-token \
  --secret-string "$SQM_REDIS_PASSWORD"

# The webhook signing key, new and random for each LocalStack (read it with
# awslocal secretsmanager get-secret-value --secret-id sqm/webhook-signing-key).
# template: WebhookSigningSecret
awslocal secretsmanager create-secret --name sqm/webhook-signing-key \
  --secret-string "$(python3 -c 'import secrets; print(secrets.token_urlsafe(36))')"

# Created last: the health check waits for it.
# template: CompletionEventBus
awslocal events create-event-bus --name sqm-events
