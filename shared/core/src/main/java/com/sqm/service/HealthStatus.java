package com.sqm.service;

/** Health of the service or of one dependency. */
public enum HealthStatus {
  UP,
  DEGRADED,
  DOWN
}
