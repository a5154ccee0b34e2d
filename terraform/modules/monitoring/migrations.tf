# The alarms were one resource each until they became one for_each over local.alarms; these blocks carry an
# existing state over to the new addresses instead of destroying and re-creating the alarms.

moved {
  from = aws_cloudwatch_metric_alarm.alb_5xx
  to   = aws_cloudwatch_metric_alarm.this["alb-5xx"]
}

moved {
  from = aws_cloudwatch_metric_alarm.target_5xx
  to   = aws_cloudwatch_metric_alarm.this["target-5xx"]
}

moved {
  from = aws_cloudwatch_metric_alarm.unhealthy_hosts
  to   = aws_cloudwatch_metric_alarm.this["unhealthy-hosts"]
}

moved {
  from = aws_cloudwatch_metric_alarm.running_tasks
  to   = aws_cloudwatch_metric_alarm.this["running-tasks"]
}

moved {
  from = aws_cloudwatch_metric_alarm.outbox_lag
  to   = aws_cloudwatch_metric_alarm.this["outbox-lag"]
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_lag
  to   = aws_cloudwatch_metric_alarm.this["db-replica-lag"]
}

moved {
  from = aws_cloudwatch_metric_alarm.db_free_storage["primary"]
  to   = aws_cloudwatch_metric_alarm.this["db-primary-free-storage"]
}

moved {
  from = aws_cloudwatch_metric_alarm.db_cpu["primary"]
  to   = aws_cloudwatch_metric_alarm.this["db-primary-cpu"]
}

moved {
  from = aws_cloudwatch_metric_alarm.db_free_storage["replica"]
  to   = aws_cloudwatch_metric_alarm.this["db-replica-free-storage"]
}

moved {
  from = aws_cloudwatch_metric_alarm.db_cpu["replica"]
  to   = aws_cloudwatch_metric_alarm.this["db-replica-cpu"]
}

moved {
  from = aws_cloudwatch_metric_alarm.msk_disk["1"]
  to   = aws_cloudwatch_metric_alarm.this["kafka-broker-1-disk"]
}

moved {
  from = aws_cloudwatch_metric_alarm.msk_disk["2"]
  to   = aws_cloudwatch_metric_alarm.this["kafka-broker-2-disk"]
}

moved {
  from = aws_cloudwatch_metric_alarm.msk_disk["3"]
  to   = aws_cloudwatch_metric_alarm.this["kafka-broker-3-disk"]
}

# The Redis alarms were keyed by cache cluster ID, which holds the environment's name, and a moved block takes
# only literal addresses: these name the nodes of envs/prod (3) and envs/staging (2). A block whose old address
# is not in the state does nothing.

moved {
  from = aws_cloudwatch_metric_alarm.redis_memory["flashcart-prod-001"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-prod-001-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_evictions["flashcart-prod-001"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-prod-001-evictions"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_memory["flashcart-prod-002"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-prod-002-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_evictions["flashcart-prod-002"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-prod-002-evictions"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_memory["flashcart-prod-003"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-prod-003-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_evictions["flashcart-prod-003"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-prod-003-evictions"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_memory["flashcart-staging-001"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-staging-001-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_evictions["flashcart-staging-001"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-staging-001-evictions"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_memory["flashcart-staging-002"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-staging-002-memory"]
}

moved {
  from = aws_cloudwatch_metric_alarm.redis_evictions["flashcart-staging-002"]
  to   = aws_cloudwatch_metric_alarm.this["redis-flashcart-staging-002-evictions"]
}
