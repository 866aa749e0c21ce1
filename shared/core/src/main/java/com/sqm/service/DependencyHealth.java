package com.sqm.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One dependency's check: UP or DOWN, how long the round trip took, and why it failed (no secrets).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DependencyHealth(HealthStatus status, long latencyMs, String error) {}
