package com.sqm.service;

import java.time.Instant;
import java.util.Map;

/**
 * The service's health: overall status and each dependency's check ({@code database}, {@code
 * queue}, {@code cache}).
 */
public record HealthReport(
    HealthStatus status, Map<String, DependencyHealth> dependencies, Instant checkedAt) {}
