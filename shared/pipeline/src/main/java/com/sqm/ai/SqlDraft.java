package com.sqm.ai;

import com.sqm.model.AIAnalysis;

/** An engine's understanding of a question and the one SELECT it wrote to answer it. */
public record SqlDraft(AIAnalysis analysis, String sql) {}
