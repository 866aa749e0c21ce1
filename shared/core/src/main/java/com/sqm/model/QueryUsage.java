package com.sqm.model;

import java.util.Map;

/** Model usage of a query as callers see it: per stage, and the total over all stages. */
public record QueryUsage(Map<String, TokenUsage> byStage, TokenUsage total) {}
